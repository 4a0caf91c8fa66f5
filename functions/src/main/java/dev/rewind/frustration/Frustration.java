package dev.rewind.frustration;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public record Frustration(FrustrationType type, long timestamp, long offsetMs, int x, int y, FrustrationTarget target, Integer clickCount) {}
