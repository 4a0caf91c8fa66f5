package dev.rewind.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.rewind.Rewind;
import dev.rewind.common.ScheduledRun;

import java.time.Duration;
import java.util.Map;

/**
 * The scheduled idle-session finisher (EventBridge, every {@link IdleSessions#INTERVAL}). It returns what
 * it did, and fails the invocation when any session could not be finished, so the Errors metric (and its
 * alarm) shows it; running again is always safe. Its EventBridge event is read as a plain map
 * ({@link ScheduledRun}).
 */
public final class IdleSessionsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Kept back from the Lambda timeout to finish the sessions in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(30);

    private final IdleSessions idleSessions;

    public IdleSessionsHandler() {
        this(Rewind.shared());
    }

    public IdleSessionsHandler(Rewind rewind) {
        this.idleSessions = new IdleSessions(rewind);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Duration budget = ScheduledRun.budget(context, RESERVE);
        IdleReport report = idleSessions.run(budget);
        if (report.failures() > 0) {
            throw new IllegalStateException(report.failures() + " idle sessions could not be finished; "
                    + "they stay open and the next run tries again");
        }
        return report.toMap();
    }
}
