package dev.rewind.schedule;

import dev.rewind.common.Log;
import dev.rewind.common.TenantJob;
import dev.rewind.common.TenantJob.Part;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The second half of the fan-out (docs/SCALE.md, "Fan-out"): handles one message of the work queue.
 * A tenant's part runs the job's own walk (TenantWalk) from the message's cursor within the budget;
 * a tenant not done in time gets a continuation message with the cursor where it stopped. A part where
 * some session failed is {@link Outcome#FAILED}: the queue delivers the same message again (from the
 * same cursor: the jobs are idempotent) and in the end dead-letters it.
 */
public final class Worker {
    public enum Outcome {
        /** The tenant (or the planning) is done. */
        DONE,
        /** Out of time: a continuation is on the queue. */
        CONTINUED,
        /** Some session could not be handled: the message should be delivered again. */
        FAILED
    }

    private final Map<Job, TenantJob> jobs;
    private final Planner planner;
    private final WorkQueue queue;

    public Worker(Map<Job, TenantJob> jobs, Planner planner, WorkQueue queue) {
        this.jobs = Map.copyOf(jobs);
        this.planner = planner;
        this.queue = queue;
    }

    /** Handles one message within {@code budget}; a store failure leaves as the exception (the message fails). */
    public Outcome handle(WorkMessage message, Duration budget) {
        if (message.planning()) {
            return planner.plan(message.job(), message.cursor(), budget).complete() ? Outcome.DONE : Outcome.CONTINUED;
        }
        TenantJob job = jobs.get(message.job());
        if (job == null) {
            throw new IllegalStateException("no worker for " + message.job().id);
        }
        Part part = job.runTenant(message.tenantId(), message.cursor(), budget);
        if (part.report().failures() > 0) {
            Log.warn(
                    "schedule_tenant_failed",
                    "job",
                    message.job().id,
                    "tenantId",
                    message.tenantId(),
                    "failures",
                    part.report().failures());
            return Outcome.FAILED;
        }
        if (!part.done()) {
            queue.send(List.of(WorkMessage.tenant(message.job(), message.tenantId(), part.resumeFrom())));
            return Outcome.CONTINUED;
        }
        return Outcome.DONE;
    }
}
