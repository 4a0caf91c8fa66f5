package dev.rewind.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.rewind.common.WalkReport;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The shape of the scheduled functions (the retention sweep, the idle-session finisher): run the job
 * within the invocation's time, return what it did, and fail the invocation when any session could not
 * be handled, so the Errors metric (and its alarm) shows it; running again is always safe. Their
 * EventBridge event is read as a plain map (nothing in it is used): the events library's
 * {@code ScheduledEvent} would put joda-time, 600 classes, in every deployment jar.
 */
public abstract class ScheduledHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Outside Lambda (tests, a run by hand) nothing stops a run before it is done. */
    static final Duration UNLIMITED = Duration.ofDays(1);

    private final Function<Duration, WalkReport> job;
    private final Duration reserve;
    private final String whatFailed;

    /**
     * @param reserve    kept back from the Lambda timeout to finish the work in flight and report
     * @param whatFailed the error after the number of failed sessions ("idle sessions could not be finished; …")
     */
    protected ScheduledHandler(Function<Duration, WalkReport> job, Duration reserve, String whatFailed) {
        this.job = job;
        this.reserve = reserve;
        this.whatFailed = whatFailed;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Duration budget =
                context == null ? UNLIMITED : budget(Duration.ofMillis(context.getRemainingTimeInMillis()), reserve);
        WalkReport report = job.apply(budget);
        if (report.failures() > 0) {
            throw new IllegalStateException(report.failures() + " " + whatFailed);
        }
        return report.toMap();
    }

    /**
     * The invocation's time left minus {@code reserve}; half of it on a function configured with less
     * than twice the reserve.
     */
    static Duration budget(Duration remaining, Duration reserve) {
        Duration afterReserve = remaining.minus(reserve);
        Duration half = remaining.dividedBy(2);
        return afterReserve.compareTo(half) > 0 ? afterReserve : half;
    }
}
