package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.ingest.IdleSessions;

import java.time.Duration;

/**
 * The scheduled idle-session finisher (EventBridge, every {@link IdleSessions#INTERVAL}); a session that
 * could not be finished fails its invocation ({@link ScheduledHandler}).
 */
public final class IdleSessionsHandler extends ScheduledHandler {
    /** Kept back from the Lambda timeout to finish the sessions in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(30);

    /** Lambda's: the process's shared wiring. */
    public IdleSessionsHandler() {
        this(Lambdas.shared());
    }

    public IdleSessionsHandler(Rewind rewind) {
        super(rewind.idleSessions::run, RESERVE, "idle sessions could not be finished; they stay open and the next run tries again");
    }
}
