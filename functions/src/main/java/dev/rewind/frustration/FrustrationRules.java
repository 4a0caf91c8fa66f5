package dev.rewind.frustration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds of the frustration rules (docs/FRUSTRATION.md), one set per tenant ({@code PATCH /v1/tenant}
 * {@code frustrationRules}).
 *
 * @param rageMinClicks      clicks that make a rage burst
 * @param rageMaxIntervalMs  a click joins the burst when it comes less than this after the previous one
 * @param rageRadiusPx       ... and lands within this distance of the burst's first click
 * @param deadWindowMs       a click on a control with no DOM mutation within this time is dead
 * @param deadScrollWindowMs a scroll within this time after the click answers it
 * @param errorClickWindowMs a JavaScript error within this time after a click makes an error click
 * @param quickBackWindowMs  coming back to the previous page within this time after leaving it is a quick back
 * @param excessiveScrollReversals scroll reversals (each after moving a quarter of the viewport) that make
 *                           excessive scrolling ...
 * @param excessiveScrollWindowMs ... when they all come within this time, in one page view
 */
public record FrustrationRules(
        int rageMinClicks,
        long rageMaxIntervalMs,
        int rageRadiusPx,
        long deadWindowMs,
        long deadScrollWindowMs,
        long errorClickWindowMs,
        long quickBackWindowMs,
        int excessiveScrollReversals,
        long excessiveScrollWindowMs) {

    /**
     * The range each threshold may take. Outside them a rule stops meaning what its name says (a
     * "rage burst" of clicks a minute apart, a dead-click wait longer than the recorder's batch), so
     * a tenant's setting outside them is refused rather than clamped.
     */
    public static final Range RAGE_MIN_CLICKS = new Range("rageMinClicks", 2, 10);

    public static final Range RAGE_MAX_INTERVAL_MS = new Range("rageMaxIntervalMs", 100, 5_000);
    public static final Range RAGE_RADIUS_PX = new Range("rageRadiusPx", 0, 500);
    public static final Range DEAD_WINDOW_MS = new Range("deadWindowMs", 500, 10_000);
    public static final Range DEAD_SCROLL_WINDOW_MS = new Range("deadScrollWindowMs", 0, 5_000);
    public static final Range ERROR_CLICK_WINDOW_MS = new Range("errorClickWindowMs", 0, 10_000);
    public static final Range QUICK_BACK_WINDOW_MS = new Range("quickBackWindowMs", 1_000, 30_000);
    public static final Range EXCESSIVE_SCROLL_REVERSALS =
            new Range("excessiveScrollReversals", 2, EngineLimits.MAX_SCROLL_REVERSALS);
    public static final Range EXCESSIVE_SCROLL_WINDOW_MS = new Range("excessiveScrollWindowMs", 2_000, 60_000);

    /** Defaults of the page signals (docs/FRUSTRATION.md, "Quick back", "Excessive scroll"): our own choice. */
    public static final long DEFAULT_QUICK_BACK_WINDOW_MS = 5_000;

    public static final int DEFAULT_EXCESSIVE_SCROLL_REVERSALS = 4;
    public static final long DEFAULT_EXCESSIVE_SCROLL_WINDOW_MS = 10_000;

    /** (Declared after the ranges it is checked against.) PostHog's rage click (3 clicks, 1 s, 30 px) and dead click (2.5 s); Datadog's error click (1 s). */
    public static final FrustrationRules DEFAULTS = new FrustrationRules(3, 1000, 30, 2500, 100, 1000);

    /** The click rules given, the page signals' thresholds at their defaults. */
    public FrustrationRules(
            int rageMinClicks,
            long rageMaxIntervalMs,
            int rageRadiusPx,
            long deadWindowMs,
            long deadScrollWindowMs,
            long errorClickWindowMs) {
        this(
                rageMinClicks,
                rageMaxIntervalMs,
                rageRadiusPx,
                deadWindowMs,
                deadScrollWindowMs,
                errorClickWindowMs,
                DEFAULT_QUICK_BACK_WINDOW_MS,
                DEFAULT_EXCESSIVE_SCROLL_REVERSALS,
                DEFAULT_EXCESSIVE_SCROLL_WINDOW_MS);
    }

    /** Inclusive bounds of one threshold, named as in the API. */
    public record Range(String name, long min, long max) {
        void check(long value) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
            }
        }
    }

    public FrustrationRules {
        RAGE_MIN_CLICKS.check(rageMinClicks);
        RAGE_MAX_INTERVAL_MS.check(rageMaxIntervalMs);
        RAGE_RADIUS_PX.check(rageRadiusPx);
        DEAD_WINDOW_MS.check(deadWindowMs);
        DEAD_SCROLL_WINDOW_MS.check(deadScrollWindowMs);
        ERROR_CLICK_WINDOW_MS.check(errorClickWindowMs);
        QUICK_BACK_WINDOW_MS.check(quickBackWindowMs);
        EXCESSIVE_SCROLL_REVERSALS.check(excessiveScrollReversals);
        EXCESSIVE_SCROLL_WINDOW_MS.check(excessiveScrollWindowMs);
    }

    /** The thresholds by their API names, in declaration order (the tenant view and its stored item). */
    public Map<String, Long> toMap() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(RAGE_MIN_CLICKS.name(), (long) rageMinClicks);
        values.put(RAGE_MAX_INTERVAL_MS.name(), rageMaxIntervalMs);
        values.put(RAGE_RADIUS_PX.name(), (long) rageRadiusPx);
        values.put(DEAD_WINDOW_MS.name(), deadWindowMs);
        values.put(DEAD_SCROLL_WINDOW_MS.name(), deadScrollWindowMs);
        values.put(ERROR_CLICK_WINDOW_MS.name(), errorClickWindowMs);
        values.put(QUICK_BACK_WINDOW_MS.name(), quickBackWindowMs);
        values.put(EXCESSIVE_SCROLL_REVERSALS.name(), (long) excessiveScrollReversals);
        values.put(EXCESSIVE_SCROLL_WINDOW_MS.name(), excessiveScrollWindowMs);
        return values;
    }

    /**
     * These rules with some thresholds changed, by API name; names not given keep their value.
     *
     * @throws IllegalArgumentException on an unknown name or a value out of its range
     */
    public FrustrationRules with(Map<String, Long> changes) {
        Map<String, Long> values = toMap();
        changes.forEach((name, value) -> {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown threshold " + name + "; known: " + String.join(", ", values.keySet()));
            }
            values.put(name, value);
        });
        RAGE_MIN_CLICKS.check(values.get(RAGE_MIN_CLICKS.name()));
        RAGE_RADIUS_PX.check(values.get(RAGE_RADIUS_PX.name()));
        EXCESSIVE_SCROLL_REVERSALS.check(values.get(EXCESSIVE_SCROLL_REVERSALS.name()));
        // the three checked above, so they fit an int
        return new FrustrationRules(
                values.get(RAGE_MIN_CLICKS.name()).intValue(),
                values.get(RAGE_MAX_INTERVAL_MS.name()),
                values.get(RAGE_RADIUS_PX.name()).intValue(),
                values.get(DEAD_WINDOW_MS.name()),
                values.get(DEAD_SCROLL_WINDOW_MS.name()),
                values.get(ERROR_CLICK_WINDOW_MS.name()),
                values.get(QUICK_BACK_WINDOW_MS.name()),
                values.get(EXCESSIVE_SCROLL_REVERSALS.name()).intValue(),
                values.get(EXCESSIVE_SCROLL_WINDOW_MS.name()));
    }
}
