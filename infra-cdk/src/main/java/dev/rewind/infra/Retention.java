package dev.rewind.infra;

import dev.rewind.http.Routes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Retention in AWS (docs/RETENTION.md): the hourly sweep deletes what is past each tenant's retention, and the
 * stream consumer deletes the chunks of session items that DynamoDB's TTL removed on its own.
 */
public final class Retention extends Construct {
    /** A session past retention is invisible at once (the API filters); this bounds how long its bytes stay. */
    public static final Duration SWEEP_EVERY = Duration.hours(1);

    /** DynamoDB writes this principal into the stream record of every deletion its TTL made. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    private final Rule schedule;
    private final EventSourceMapping expiredSessions;

    public Retention(Construct scope, String id, RewindFunction sweep, RewindFunction expiry, Table sessions) {
        super(scope, id);
        requireFunction(sweep, Routes.RETENTION_SWEEP);
        requireFunction(expiry, Routes.SESSION_EXPIRY);

        this.schedule = Rule.Builder.create(this, "Sweep")
                .description("Deletes sessions past their tenant's retention")
                .schedule(Schedule.rate(SWEEP_EVERY))
                .targets(List.of(LambdaFunction.Builder.create(sweep.alias())
                        .retryAttempts(2)
                        // a sweep older than the next one is no longer needed
                        .maxEventAge(SWEEP_EVERY)
                        .build()))
                .build();

        this.expiredSessions = EventSourceMapping.Builder.create(this, "ExpiredSessions")
                .target(expiry.alias())
                .eventSourceArn(sessions.getTableStreamArn())
                .startingPosition(StartingPosition.LATEST)
                .batchSize(100)
                .maxBatchingWindow(Duration.seconds(30))
                // the handler names the record it failed on; retries start there
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(10)
                .maxRecordAge(Duration.days(1))
                // only TTL deletions: the API's own deletes remove the chunks themselves
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.isEqual("REMOVE"),
                        "userIdentity", Map.of(
                                "type", FilterRule.isEqual("Service"),
                                "principalId", FilterRule.isEqual(TTL_PRINCIPAL))))))
                .build();
        // Lambda checks the role can read the stream when the mapping is created.
        expiredSessions.getNode().addDependency(expiry.role());
    }

    private static void requireFunction(RewindFunction function, Routes.Function expected) {
        if (!function.definition().equals(expected)) {
            throw new IllegalArgumentException("Expected " + expected.id() + ", got " + function.definition().id());
        }
    }

    public Rule schedule() {
        return schedule;
    }

    public EventSourceMapping expiredSessions() {
        return expiredSessions;
    }
}
