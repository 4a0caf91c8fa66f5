package dev.rewind.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where work that failed for good goes instead of vanishing: the scheduled runs EventBridge could not
 * deliver or that failed every retry, and the stream batches the expiry consumer gave up on. Each has an
 * alarm on its first message ({@link Operations}); docs/DEPLOY.md, "Dead-letter queues", is the redrive.
 */
final class DeadLetterQueue {
    /** SQS's longest: two weeks to notice and redrive. */
    static final Duration RETENTION = Duration.days(14);

    private DeadLetterQueue() {}

    static Queue create(Construct scope, String id) {
        return Queue.Builder.create(scope, id)
                .retentionPeriod(RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // what is in it is evidence of a failure; deleting the stack should not lose it
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
