package dev.rewind.common;

import java.time.Duration;

/**
 * A scheduled job that can be run one tenant at a time (the retention sweep, the idle-session finisher):
 * what a worker of the fan-out does with one queue message (docs/SCALE.md, "Fan-out"). The cursor is the
 * job's own, written as a string so it travels in the message.
 */
public interface TenantJob {
    /** One tenant's part of a run, and where the next part starts: {@code resumeFrom} null when the tenant is done. */
    record Part(WalkReport report, String resumeFrom) {
        public boolean done() {
            return report.complete();
        }
    }

    /**
     * Works on one tenant from {@code cursor} (null: the start; else a {@link Part#resumeFrom} of an earlier
     * part) until it is done or {@code budget} is spent. Idempotent, as the whole run is.
     */
    Part runTenant(String tenantId, String cursor, Duration budget);
}
