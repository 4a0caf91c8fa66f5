package dev.rewind.infra;

import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.http.Routes;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The fan-out of the scheduled jobs (docs/SCALE.md, "Fan-out"): the work queue the planners (the scheduled
 * functions) put one message per tenant on, the worker reading it through an SQS event source with a
 * bounded concurrency, and the dead-letter queue a message goes to after {@link #MAX_RECEIVES} failed
 * deliveries (alarmed on its first message, as every dead-letter queue is, {@link Operations}).
 */
public final class ScheduledWork extends Construct {
    /** CDK context: the most workers at once (SQS event source maxConcurrency, 2 to 1000). */
    public static final String CONTEXT_CONCURRENCY = "scheduledWorkConcurrency";
    /** Ten workers: 10 × 5 messages a batch in flight; docs/SCALE.md has the throughput it gives. */
    public static final int DEFAULT_CONCURRENCY = 10;
    /** Messages a worker invocation handles, one after the other, each with its share of the time. */
    public static final int BATCH_SIZE = 5;
    /** Deliveries of a message before it is dead-lettered: a session failing three times is an incident. */
    public static final int MAX_RECEIVES = 3;
    /** Six times the worker's timeout, as Lambda's SQS guide advises, so a batch in flight is never delivered twice. */
    public static final Duration VISIBILITY_TIMEOUT = Duration.seconds(6L * Routes.SCHEDULED_WORK.timeoutSeconds());
    /** A message older than this is gone: the next scheduled run plans the tenant again anyway. */
    public static final Duration MESSAGE_RETENTION = Duration.days(1);

    private final Queue queue;
    private final Queue deadLetters;
    private final int concurrency;

    /** @param planners the functions that put work on the queue: the scheduled planners, and the Tenant function (a re-score) */
    public ScheduledWork(Construct scope, String id, RewindFunction worker, List<RewindFunction> planners) {
        super(scope, id);
        if (!worker.definition().equals(Routes.SCHEDULED_WORK)) {
            throw new IllegalArgumentException("Expected " + Routes.SCHEDULED_WORK.id() + ", got "
                    + worker.definition().id());
        }
        this.concurrency = concurrency(scope);
        this.deadLetters = dev.rewind.infra.DeadLetterQueue.create(this, "DeadLetters");
        this.queue = Queue.Builder.create(this, "Queue")
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .retentionPeriod(MESSAGE_RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(MAX_RECEIVES)
                        .build())
                .build();
        worker.alias()
                .addEventSource(new SqsEventSource(
                        queue,
                        software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps.builder()
                                .batchSize(BATCH_SIZE)
                                .maxConcurrency(concurrency)
                                // the handler names the messages that failed; the others are deleted
                                .reportBatchItemFailures(true)
                                .build()));
        // the worker sends continuations, the planners their messages; the event source mapping gave the
        // worker what it needs to receive and delete
        PolicyStatement send = PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .build();
        worker.allow(send);
        worker.addEnvironment(SqsWorkQueue.ENV_QUEUE_URL, queue.getQueueUrl());
        for (RewindFunction planner : planners) {
            planner.allow(send);
            planner.addEnvironment(SqsWorkQueue.ENV_QUEUE_URL, queue.getQueueUrl());
        }
    }

    private static int concurrency(Construct scope) {
        Object value = scope.getNode().tryGetContext(CONTEXT_CONCURRENCY);
        if (value == null) {
            return DEFAULT_CONCURRENCY;
        }
        int concurrency;
        try {
            concurrency = Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    CONTEXT_CONCURRENCY + " must be a whole number from 2 to 1000, got " + value);
        }
        if (concurrency < 2 || concurrency > 1000) {
            throw new IllegalArgumentException(CONTEXT_CONCURRENCY
                    + " must be from 2 to 1000 (SQS event source maxConcurrency), got " + concurrency);
        }
        return concurrency;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public int concurrency() {
        return concurrency;
    }
}
