package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkQueue;

/** The deployed idle-session finisher (EventBridge, every 10 minutes): plans it, one work message per tenant ({@link PlannerHandler}). */
public final class PlanIdleSessionsHandler extends PlannerHandler {
    /** Lambda's: the process's shared wiring and the work queue the environment names. */
    public PlanIdleSessionsHandler() {
        this(Lambdas.shared(), Lambdas.workQueue());
    }

    public PlanIdleSessionsHandler(Rewind rewind, WorkQueue queue) {
        super(rewind.planner(queue), Job.FINISH_IDLE_SESSIONS);
    }
}
