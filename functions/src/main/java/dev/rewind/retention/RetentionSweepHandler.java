package dev.rewind.retention;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.rewind.Rewind;
import dev.rewind.common.ScheduledRun;

import java.time.Duration;
import java.util.Map;

/**
 * The scheduled retention sweep (EventBridge, every {@link RetentionSweep#INTERVAL}). It returns what it
 * did, and fails the invocation when any session could not be erased, so the Errors metric (and its
 * alarm) shows a sweep that leaves data behind; running again is always safe.
 * Its EventBridge event is read as a plain map ({@link ScheduledRun}).
 */
public final class RetentionSweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Kept back from the Lambda timeout to finish the erases in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(60);

    private final RetentionSweep sweep;

    public RetentionSweepHandler() {
        this(Rewind.shared());
    }

    public RetentionSweepHandler(Rewind rewind) {
        this.sweep = new RetentionSweep(rewind);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Duration budget = ScheduledRun.budget(context, RESERVE);
        SweepReport report = sweep.run(budget);
        if (report.failures() > 0) {
            throw new IllegalStateException(report.failures() + " expired sessions could not be erased; "
                    + "they stay invisible and the next sweep tries again");
        }
        return report.toMap();
    }
}
