package dev.rewind.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.Planner;
import java.time.Duration;
import java.util.Map;

/**
 * The scheduled functions as deployed (EventBridge): each plans its job onto the work queue, one message
 * per tenant, and the workers ({@link ScheduledWorkHandler}) do the work (docs/SCALE.md, "Fan-out"). A
 * planning that cannot reach the queue fails its invocation, which Lambda retries and then records in the
 * schedule's dead-letter queue. The EventBridge event is read as a plain map, as in {@link ScheduledHandler}.
 */
public abstract class PlannerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Kept back from the Lambda timeout to send the continuation and report. */
    static final Duration RESERVE = Duration.ofSeconds(30);

    private final Planner planner;
    private final Job job;

    protected PlannerHandler(Planner planner, Job job) {
        this.planner = planner;
        this.job = job;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Duration budget = context == null
                ? ScheduledHandler.UNLIMITED
                : ScheduledHandler.budget(Duration.ofMillis(context.getRemainingTimeInMillis()), RESERVE);
        return planner.plan(job, null, budget).toMap();
    }
}
