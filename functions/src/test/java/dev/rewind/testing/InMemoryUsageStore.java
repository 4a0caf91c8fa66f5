package dev.rewind.testing;

import dev.rewind.usage.UsageDay;
import dev.rewind.usage.UsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The usage table in memory, with the adapter's conditions; counts the writes it was asked for. */
public final class InMemoryUsageStore implements UsageStore {
    private final Map<String, Long> granted = new TreeMap<>();
    private final Map<String, Long> admitted = new TreeMap<>();
    private final Map<String, long[]> days = new TreeMap<>();
    /** Every conditional or unconditional update asked for, refused ones included (DynamoDB bills both). */
    public int writes;

    @Override
    public synchronized boolean grantChunks(String tenantId, long epochMinute, int chunks, int limit) {
        writes++;
        String key = tenantId + "#" + epochMinute;
        long total = granted.getOrDefault(key, 0L) + chunks;
        if (total > limit) {
            return false;
        }
        granted.put(key, total);
        return true;
    }

    @Override
    public synchronized boolean admitSession(String tenantId, String month, int quota) {
        writes++;
        String key = tenantId + "#" + month;
        long count = admitted.getOrDefault(key, 0L);
        if (count >= quota) {
            return false;
        }
        admitted.put(key, count + 1);
        return true;
    }

    @Override
    public synchronized long sessionsAdmitted(String tenantId, String month) {
        return admitted.getOrDefault(tenantId + "#" + month, 0L);
    }

    @Override
    public synchronized void addUsage(String tenantId, String day, int sessions, int chunks, long bytes) {
        writes++;
        long[] counts = days.computeIfAbsent(tenantId + "#" + day, k -> new long[3]);
        counts[0] += sessions;
        counts[1] += chunks;
        counts[2] += bytes;
    }

    @Override
    public synchronized int eraseTenant(String tenantId) {
        int erased = 0;
        for (Map<String, ?> counters : List.of(granted, admitted, days)) {
            int before = counters.size();
            counters.keySet().removeIf(key -> key.startsWith(tenantId + "#"));
            erased += before - counters.size();
        }
        return erased;
    }

    @Override
    public synchronized List<UsageDay> days(String tenantId, String fromDay, String toDay) {
        List<UsageDay> result = new ArrayList<>();
        days.forEach((key, counts) -> {
            String day = key.substring(key.indexOf('#') + 1);
            if (key.startsWith(tenantId + "#") && day.compareTo(fromDay) >= 0 && day.compareTo(toDay) <= 0) {
                result.add(new UsageDay(day, counts[0], counts[1], counts[2]));
            }
        });
        return result;
    }
}
