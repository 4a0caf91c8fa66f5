package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.ingest.IdleSessions;
import java.time.Duration;

/**
 * The whole idle-session finisher in one invocation, every tenant in turn; a session that could not be
 * finished fails its invocation ({@link ScheduledHandler}). Deployed, the schedule (every
 * {@link IdleSessions#INTERVAL}) plans it instead, one work message per tenant ({@link PlanIdleSessionsHandler},
 * docs/SCALE.md, "Fan-out"); this serves a run by hand over few tenants and the tests of the finisher itself.
 */
public final class IdleSessionsHandler extends ScheduledHandler {
    /** Kept back from the Lambda timeout to finish the sessions in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(30);

    /** Lambda's: the process's shared wiring. */
    public IdleSessionsHandler() {
        this(Lambdas.shared());
    }

    public IdleSessionsHandler(Rewind rewind) {
        super(
                rewind.idleSessions::run,
                RESERVE,
                "idle sessions could not be finished; they stay open and the next run tries again");
    }
}
