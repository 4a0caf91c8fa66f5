package dev.rewind.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of the idle-session finisher did. {@code stillActive} counts open sessions old enough to
 * look at that had a chunk within {@link IdleSessions#IDLE}; {@code complete} is false when the time
 * budget ran out first; {@code failures} counts sessions left open for the next run.
 */
public record IdleReport(int tenants, int sessionsFinished, int stillActive, int failures, boolean complete) {

    /** The Lambda's result and log line: plain names and numbers. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenants", tenants);
        map.put("sessionsFinished", sessionsFinished);
        map.put("stillActive", stillActive);
        map.put("failures", failures);
        map.put("complete", complete);
        return map;
    }
}
