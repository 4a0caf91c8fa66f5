package dev.rewind.common;

import com.amazonaws.services.lambda.runtime.Context;

import java.time.Duration;

/**
 * The time a scheduled function (the retention sweep, the idle-session finisher) may spend before it
 * stops starting new work. Their EventBridge event is read as a plain map (nothing in it is used): the
 * events library's {@code ScheduledEvent} would put joda-time, 600 classes, in every deployment jar.
 */
public final class ScheduledRun {
    /** Outside Lambda (tests, a run by hand) nothing stops a run before it is done. */
    public static final Duration UNLIMITED = Duration.ofDays(1);

    private ScheduledRun() {}

    /**
     * The invocation's time left minus {@code reserve} (kept to finish the work in flight and report);
     * half of it on a function configured with less than twice the reserve.
     */
    public static Duration budget(Context context, Duration reserve) {
        if (context == null) {
            return UNLIMITED;
        }
        return budget(Duration.ofMillis(context.getRemainingTimeInMillis()), reserve);
    }

    static Duration budget(Duration remaining, Duration reserve) {
        Duration afterReserve = remaining.minus(reserve);
        Duration half = remaining.dividedBy(2);
        return afterReserve.compareTo(half) > 0 ? afterReserve : half;
    }
}
