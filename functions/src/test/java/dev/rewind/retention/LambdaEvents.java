package dev.rewind.retention;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.rewind.aws.SessionItem;
import dev.rewind.testing.LambdaContexts;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background functions' events as AWS delivers them: EventBridge's "Scheduled Event", and DynamoDB
 * Streams records of the sessions table (KEYS_ONLY), including the REMOVE records TTL writes, which carry
 * {@code userIdentity {type: Service, principalId: dynamodb.amazonaws.com}}.
 */
final class LambdaEvents {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    private static final AtomicLong SEQUENCE = new AtomicLong(4_200_000_000_000_000_000L);

    private LambdaEvents() {}

    /** The invocation context Lambda passes: here only the time left before the function's timeout matters. */
    static Context context(String functionName, int remainingMillis) {
        return LambdaContexts.remaining(functionName, remainingMillis);
    }

    static DynamodbEvent batch(DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(Arrays.asList(records));
        return event;
    }

    /** The REMOVE record DynamoDB's TTL process writes when it deletes an expired item. */
    static DynamodbStreamRecord ttlRemoval(String sessionsTable, String tenantId, String sessionId, Instant at) {
        DynamodbStreamRecord record = record("REMOVE", sessionsTable, tenantId, sessionId, at);
        record.setUserIdentity(new Identity().withType("Service").withPrincipalId("dynamodb.amazonaws.com"));
        return record;
    }

    /** A REMOVE made by a caller (the API's delete, the sweep): no userIdentity. */
    static DynamodbStreamRecord callerRemoval(String sessionsTable, String tenantId, String sessionId, Instant at) {
        return record("REMOVE", sessionsTable, tenantId, sessionId, at);
    }

    static DynamodbStreamRecord write(
            String eventName, String sessionsTable, String tenantId, String sessionId, Instant at) {
        return record(eventName, sessionsTable, tenantId, sessionId, at);
    }

    private static DynamodbStreamRecord record(
            String eventName, String sessionsTable, String tenantId, String sessionId, Instant at) {
        String pk = SessionItem.pk(tenantId, sessionId);
        StreamRecord change = new StreamRecord()
                .withApproximateCreationDateTime(Date.from(at))
                .withKeys(Map.of("pk", new AttributeValue().withS(pk)))
                .withSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()))
                .withSizeBytes((long) pk.length() + 6)
                .withStreamViewType(StreamViewType.KEYS_ONLY);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(UUID.randomUUID().toString().replace("-", ""));
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion(REGION);
        record.setDynamodb(change);
        record.setEventSourceARN("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + sessionsTable
                + "/stream/2026-01-01T00:00:00.000");
        return record;
    }
}
