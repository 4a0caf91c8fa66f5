package dev.rewind.lambda;

import dev.rewind.Rewind;
import java.time.Duration;

/**
 * The whole retention sweep in one invocation, every tenant in turn; a sweep that leaves data behind fails
 * its invocation ({@link ScheduledHandler}). Deployed, the hourly schedule plans the sweep instead, one work
 * message per tenant ({@link PlanRetentionSweepHandler}, docs/SCALE.md, "Fan-out"); this serves a run by
 * hand over few tenants and the tests of the sweep itself.
 */
public final class RetentionSweepHandler extends ScheduledHandler {
    /** Kept back from the Lambda timeout to finish the erases in flight and report. */
    static final Duration RESERVE = Duration.ofSeconds(60);

    /** Lambda's: the process's shared wiring. */
    public RetentionSweepHandler() {
        this(Lambdas.shared());
    }

    public RetentionSweepHandler(Rewind rewind) {
        super(
                rewind::sweepAllTenants,
                RESERVE,
                "expired sessions could not be erased, or tenants' unused assets deleted; they stay invisible and the next sweep tries again");
    }
}
