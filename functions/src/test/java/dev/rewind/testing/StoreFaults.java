package dev.rewind.testing;

import dev.rewind.common.StoreUnavailable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Storage outages on demand for the in-memory stores. Every store call counts, and the call chosen with
 * {@link #failCall} or {@link #loseReply} throws what the AWS adapters throw when S3 or DynamoDB is down
 * or its reply times out: {@link StoreUnavailable}, here with an {@link Outage} as its cause. One instance shared by several stores counts their calls in the order they
 * happen, so a test can fail each call of a run in turn.
 */
public final class StoreFaults {
    /** The cause of an injected {@link StoreUnavailable}. */
    public static final class Outage extends RuntimeException {
        Outage(String message) {
            super(message);
        }
    }

    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failing = -1;
    private volatile boolean afterTheWork;

    /** Stores that fail only when told to. */
    public static StoreFaults none() {
        return new StoreFaults();
    }

    /** The {@code n}th store call from now (0: the next one) throws before it does anything. */
    public void failCall(int n) {
        afterTheWork = false;
        failing = calls.get() + n;
    }

    /** The {@code n}th store call from now does its work, then throws: a write that happened, its reply lost. */
    public void loseReply(int n) {
        afterTheWork = true;
        failing = calls.get() + n;
    }

    /** How many store calls were made so far. */
    public int calls() {
        return calls.get();
    }

    <T> T call(String operation, Supplier<T> work) {
        boolean fails = calls.getAndIncrement() == failing;
        if (fails && !afterTheWork) {
            throw new StoreUnavailable(new Outage("injected storage outage: " + operation));
        }
        T result = work.get();
        if (fails) {
            throw new StoreUnavailable(
                    new Outage("injected storage outage after the " + operation + " was done: the reply was lost"));
        }
        return result;
    }

    void call(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }
}
