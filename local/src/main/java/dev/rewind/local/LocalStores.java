package dev.rewind.local;

import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.common.RewindConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tables and the bucket the runner's handlers use, in the emulator. An emulator that restarts
 * comes back empty: the handlers then answer 503 to everything, forever, since the resources were only
 * created at start. So {@code /health} checks them ({@link #problem()}), and after any 503 of the API
 * they are checked too, at most once a second; what is gone is created again — loudly, since every
 * tenant and session in them is gone with them — and the demo tenant is made anew.
 */
final class LocalStores implements LocalServer.Readiness {
    private static final long CHECK_AFTER_UNAVAILABLE_EVERY_NANOS = 1_000_000_000L;

    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final RewindConfig config;
    private final AtomicLong lastCheckAfterUnavailable =
            new AtomicLong(System.nanoTime() - CHECK_AFTER_UNAVAILABLE_EVERY_NANOS);
    private volatile Runnable afterRecreate = () -> {};

    LocalStores(DynamoDbClient dynamo, S3Client s3, RewindConfig config) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.config = config;
    }

    /** What to do once the resources were created again (the runner makes its demo tenant anew). */
    void afterRecreate(Runnable action) {
        this.afterRecreate = action;
    }

    /** Null when every table and the bucket answer (after creating again whatever was gone), else why not. */
    @Override
    public synchronized String problem() {
        try {
            List<String> missing = ResourceBootstrap.missing(dynamo, s3, config);
            if (missing.isEmpty()) {
                return null;
            }
            System.out.printf(
                    "STORES GONE: %s no longer exist in the emulator (did it restart?). Creating them again; "
                            + "every tenant, key and session they held is lost.%n",
                    String.join(", ", missing));
            ResourceBootstrap.create(dynamo, s3, config);
            afterRecreate.run();
            missing = ResourceBootstrap.missing(dynamo, s3, config);
            return missing.isEmpty() ? null : "missing after creating them again: " + String.join(", ", missing);
        } catch (SdkException e) {
            return "the emulator does not answer: " + e.getClass().getSimpleName();
        }
    }

    /** The API answered 503: perhaps the stores are gone. Checked at most once a second, whatever the traffic. */
    @Override
    public void unavailableAnswered() {
        long last = lastCheckAfterUnavailable.get();
        long now = System.nanoTime();
        if (now - last >= CHECK_AFTER_UNAVAILABLE_EVERY_NANOS && lastCheckAfterUnavailable.compareAndSet(last, now)) {
            problem();
        }
    }
}
