package dev.rewind.frustration;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public record FrustrationRules(int rageMinClicks, long rageMaxIntervalMs, int rageRadiusPx, long deadWindowMs, long deadScrollWindowMs, long errorClickWindowMs) {
    public static final FrustrationRules DEFAULTS = new FrustrationRules(3, 1000, 30, 2500, 100, 1000);
}
