package dev.rewind.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.rewind.Rewind;

import java.time.Duration;
import java.util.Map;

/**
 * The scheduled idle-session finisher (EventBridge, every {@link IdleSessions#INTERVAL}). It returns what
 * it did, and fails the invocation when any session could not be finished, so the Errors metric (and its
 * alarm) shows it; running again is always safe.
 */
public final class IdleSessionsHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** Kept back from the Lambda timeout to finish the sessions in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(30);
    /** Outside Lambda (tests, a run by hand) nothing stops the run before it is done. */
    static final Duration UNLIMITED = Duration.ofDays(1);

    private final IdleSessions idleSessions;

    public IdleSessionsHandler() {
        this(Rewind.shared());
    }

    public IdleSessionsHandler(Rewind rewind) {
        this.idleSessions = new IdleSessions(rewind);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Duration budget = context == null ? UNLIMITED : budget(Duration.ofMillis(context.getRemainingTimeInMillis()));
        IdleReport report = idleSessions.run(budget);
        if (report.failures() > 0) {
            throw new IllegalStateException(report.failures() + " idle sessions could not be finished; "
                    + "they stay open and the next run tries again");
        }
        return report.toMap();
    }

    /** The time left minus the reserve; half of it on a function configured with less than twice the reserve. */
    static Duration budget(Duration remaining) {
        Duration afterReserve = remaining.minus(RESERVE);
        Duration half = remaining.dividedBy(2);
        return afterReserve.compareTo(half) > 0 ? afterReserve : half;
    }
}
