package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkQueue;

/** The deployed retention sweep (EventBridge, hourly): plans it, one work message per tenant ({@link PlannerHandler}). */
public final class PlanRetentionSweepHandler extends PlannerHandler {
    /** Lambda's: the process's shared wiring and the work queue the environment names. */
    public PlanRetentionSweepHandler() {
        this(Lambdas.shared(), Lambdas.workQueue());
    }

    public PlanRetentionSweepHandler(Rewind rewind, WorkQueue queue) {
        super(rewind.planner(queue), Job.RETENTION_SWEEP);
    }
}
