package dev.rewind.retention;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sweep did. {@code complete} is false when the time budget ran out first: the next run goes
 * on where the index still has expired entries. {@code failures} counts sessions left for the next run.
 */
public record SweepReport(int tenants, int sessionsErased, int chunksErased, int failures, boolean complete) {

    /** The Lambda's result and log line: plain names and numbers. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenants", tenants);
        map.put("sessionsErased", sessionsErased);
        map.put("chunksErased", chunksErased);
        map.put("failures", failures);
        map.put("complete", complete);
        return map;
    }
}
