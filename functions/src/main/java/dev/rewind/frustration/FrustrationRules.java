package dev.rewind.frustration;

/**
 * The thresholds of the frustration rules (DESIGN 4), one set per tenant.
 *
 * @param rageMinClicks      clicks that make a rage burst
 * @param rageMaxIntervalMs  a click joins the burst when it comes less than this after the previous one
 * @param rageRadiusPx       ... and lands within this distance of the burst's first click
 * @param deadWindowMs       a click on a control with no DOM mutation within this time is dead
 * @param deadScrollWindowMs a scroll within this time after the click answers it
 * @param errorClickWindowMs a JavaScript error within this time after a click makes an error click
 */
public record FrustrationRules(int rageMinClicks, long rageMaxIntervalMs, int rageRadiusPx, long deadWindowMs,
                               long deadScrollWindowMs, long errorClickWindowMs) {

    /** PostHog's rage click (3 clicks, 1 s, 30 px) and dead click (2.5 s); Datadog's error click (1 s). */
    public static final FrustrationRules DEFAULTS = new FrustrationRules(3, 1000, 30, 2500, 100, 1000);

    public FrustrationRules {
        if (rageMinClicks < 2) {
            throw new IllegalArgumentException("rageMinClicks must be at least 2, was " + rageMinClicks);
        }
        if (rageMaxIntervalMs <= 0 || rageRadiusPx < 0 || deadWindowMs <= 0 || deadScrollWindowMs < 0
                || errorClickWindowMs < 0) {
            throw new IllegalArgumentException("frustration thresholds must be positive: " + this);
        }
    }
}
