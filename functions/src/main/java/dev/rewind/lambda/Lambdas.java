package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.common.RewindConfig;
import dev.rewind.priming.Priming;
import dev.rewind.schedule.InProcessWorkQueue;
import dev.rewind.schedule.WorkQueue;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The deployed functions' wiring: one {@link Rewind} per JVM, on AWS, configured by the environment the
 * CDK app sets, built on first use and kept in static scope (warm invocations and SnapStart snapshots
 * reuse its clients). Building it also registers the SnapStart priming hook ({@link Priming}).
 */
public final class Lambdas {
    private static volatile Rewind shared;
    private static volatile WorkQueue workQueue;

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

    /**
     * The work queue for {@code rewind}'s requests that start background work (a re-score): the one the
     * environment names, built on first use, or, where it names none (the local runner), one that runs each
     * message in this process.
     */
    static Supplier<WorkQueue> workQueueFor(Rewind rewind) {
        if (System.getenv(SqsWorkQueue.ENV_QUEUE_URL) != null) {
            return Lambdas::workQueue;
        }
        WorkQueue local = new InProcessWorkQueue(rewind::worker);
        return () -> local;
    }

    /** The scheduled jobs' work queue the environment names (docs/SCALE.md, "Fan-out"), built on first use. */
    public static WorkQueue workQueue() {
        WorkQueue result = workQueue;
        if (result == null) {
            synchronized (Lambdas.class) {
                if (workQueue == null) {
                    workQueue = SqsWorkQueue.fromEnvironment();
                }
                result = workQueue;
            }
        }
        return result;
    }
}
