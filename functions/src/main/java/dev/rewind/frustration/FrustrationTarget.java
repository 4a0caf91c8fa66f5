package dev.rewind.frustration;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public record FrustrationTarget(int nodeId, String selector, String text) {}
