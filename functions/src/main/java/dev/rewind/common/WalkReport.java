package dev.rewind.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of a {@link TenantWalk} did: the tenants walked, the job's counters by name,
 * {@code failures} (sessions left for the next run) and {@code complete}, false when the time budget ran
 * out first (the next run goes on where the index still has entries).
 */
public record WalkReport(int tenants, Map<String, Integer> counts, int failures, boolean complete) {

    public WalkReport {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** Two jobs of one run, one after the other (the retention sweep's sessions, then its assets). */
    public WalkReport then(WalkReport next) {
        Map<String, Integer> both = new LinkedHashMap<>(counts);
        both.putAll(next.counts);
        return new WalkReport(
                Math.max(tenants, next.tenants), both, failures + next.failures, complete && next.complete);
    }

    public int count(String name) {
        return counts.get(name);
    }

    /** The Lambda's result and log line: plain names and numbers, the job's counters between tenants and failures. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenants", tenants);
        map.putAll(counts);
        map.put("failures", failures);
        map.put("complete", complete);
        return map;
    }

    Object[] logFields() {
        List<Object> fields = new ArrayList<>();
        toMap().forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        return fields.toArray();
    }
}
