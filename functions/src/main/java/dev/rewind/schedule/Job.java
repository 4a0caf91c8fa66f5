package dev.rewind.schedule;

import java.util.Arrays;

/** The scheduled jobs the fan-out runs, by the name a queue message gives them (docs/SCALE.md, "Fan-out"). */
public enum Job {
    /** Erases what is past each tenant's retention (docs/RETENTION.md). */
    RETENTION_SWEEP("retention-sweep"),
    /** Finishes sessions that had no chunk for 30 minutes (docs/FRUSTRATION.md, "End of a session"). */
    FINISH_IDLE_SESSIONS("finish-idle-sessions"),
    /**
     * Re-scores one tenant's sessions in retention with its current frustration rules, enqueued for that
     * tenant on request, never planned (docs/FRUSTRATION.md, "Re-score history").
     */
    RESCORE("rescore");

    public final String id;

    Job(String id) {
        this.id = id;
    }

    /** @throws IllegalArgumentException for a name that is no job */
    public static Job of(String id) {
        return Arrays.stream(values())
                .filter(job -> job.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scheduled job " + id));
    }
}
