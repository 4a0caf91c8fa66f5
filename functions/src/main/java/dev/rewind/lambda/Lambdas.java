package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.common.RewindConfig;
import dev.rewind.priming.Priming;

import java.time.Clock;

/**
 * The deployed functions' wiring: one {@link Rewind} per JVM, on AWS, configured by the environment the
 * CDK app sets, built on first use and kept in static scope (warm invocations and SnapStart snapshots
 * reuse its clients). Building it also registers the SnapStart priming hook ({@link Priming}).
 */
public final class Lambdas {
    private static volatile Rewind shared;

    private Lambdas() {}

    public static Rewind shared() {
        Rewind result = shared;
        if (result == null) {
            synchronized (Lambdas.class) {
                if (shared == null) {
                    shared = Rewind.create(RewindConfig.fromEnvironment(), Clock.systemUTC());
                    Priming.register();
                }
                result = shared;
            }
        }
        return result;
    }
}
