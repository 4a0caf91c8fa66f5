package dev.rewind.infra;

import dev.rewind.http.Routes;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Retention in AWS (docs/RETENTION.md): the hourly sweep deletes what is past each tenant's retention, and the
 * stream consumer deletes the chunks of session items that DynamoDB's TTL removed on its own.
 */
public final class Retention extends Construct {
    /** A session past retention is invisible at once (the API filters); this bounds how long its bytes stay. */
    public static final Duration SWEEP_EVERY = Duration.hours(1);

    /** DynamoDB writes this principal into the stream record of every deletion its TTL made. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    /** Attempts of the sweep after its first failed one (EventBridge's delivery, then Lambda's async retries). */
    public static final int SWEEP_RETRIES = 2;
    /**
     * Retries of a failing stream batch (halved each time down to the failing record) before it goes to
     * the dead-letter queue. Ten, at Lambda's backoff, is minutes of an S3 or DynamoDB outage.
     */
    public static final int EXPIRY_RETRIES = 10;
    /**
     * A record older than this goes to the dead-letter queue unprocessed. Six hours, not a day: the
     * queue holds only the record's shard and sequence numbers, and the stream keeps the record itself
     * for 24 hours, so this leaves 18 hours to redrive it (docs/DEPLOY.md).
     */
    public static final Duration EXPIRY_MAX_RECORD_AGE = Duration.hours(6);

    private final Rule schedule;
    private final EventSourceMapping expiredSessions;
    private final Queue sweepDeadLetters;
    private final Queue expiryDeadLetters;

    public Retention(Construct scope, String id, RewindFunction sweep, RewindFunction expiry, Table sessions) {
        super(scope, id);
        requireFunction(sweep, Routes.RETENTION_SWEEP);
        requireFunction(expiry, Routes.SESSION_EXPIRY);
        this.sweepDeadLetters = DeadLetterQueue.create(this, "SweepDeadLetters");
        this.expiryDeadLetters = DeadLetterQueue.create(this, "ExpiryDeadLetters");

        this.schedule = Rule.Builder.create(this, "Sweep")
                .description("Deletes sessions past their tenant's retention")
                .schedule(Schedule.rate(SWEEP_EVERY))
                .targets(List.of(LambdaFunction.Builder.create(sweep.alias())
                        .retryAttempts(SWEEP_RETRIES)
                        // a sweep older than the next one is no longer needed
                        .maxEventAge(SWEEP_EVERY)
                        .deadLetterQueue(sweepDeadLetters)
                        .build()))
                .build();
        // EventBridge invokes asynchronously: a sweep that fails inside Lambda is retried there, then recorded
        sweep.alias()
                .configureAsyncInvoke(EventInvokeConfigOptions.builder()
                        .retryAttempts(SWEEP_RETRIES)
                        .maxEventAge(SWEEP_EVERY)
                        .onFailure(new SqsDestination(sweepDeadLetters))
                        .build());

        this.expiredSessions = EventSourceMapping.Builder.create(this, "ExpiredSessions")
                .target(expiry.alias())
                .eventSourceArn(sessions.getTableStreamArn())
                .startingPosition(StartingPosition.LATEST)
                .batchSize(100)
                .maxBatchingWindow(Duration.seconds(30))
                // the handler names the record it failed on; retries start there
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(EXPIRY_RETRIES)
                .maxRecordAge(EXPIRY_MAX_RECORD_AGE)
                // a batch given up on is recorded, not dropped: its chunks would stay until the lifecycle rule
                .onFailure(new SqsDlq(expiryDeadLetters))
                // only TTL deletions: the API's own deletes remove the chunks themselves
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.isEqual("REMOVE"),
                        "userIdentity",
                                Map.of(
                                        "type", FilterRule.isEqual("Service"),
                                        "principalId", FilterRule.isEqual(TTL_PRINCIPAL))))))
                .build();
        // Lambda checks the role can read the stream when the mapping is created.
        expiredSessions.getNode().addDependency(expiry.role());
    }

    private static void requireFunction(RewindFunction function, Routes.Function expected) {
        if (!function.definition().equals(expected)) {
            throw new IllegalArgumentException("Expected " + expected.id() + ", got "
                    + function.definition().id());
        }
    }

    public Rule schedule() {
        return schedule;
    }

    public EventSourceMapping expiredSessions() {
        return expiredSessions;
    }

    public Queue sweepDeadLetters() {
        return sweepDeadLetters;
    }

    public Queue expiryDeadLetters() {
        return expiryDeadLetters;
    }
}
