package dev.rewind.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import dev.rewind.Rewind;
import dev.rewind.common.Log;
import dev.rewind.retention.SessionEraser;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the sessions table's stream and deletes the chunks of every item DynamoDB TTL removed: the
 * backstop behind the retention sweep. Only TTL removals count; the API and the sweep delete chunks
 * themselves before the item. A failure is reported for the record it happened on, so Lambda retries
 * from there (the event source mapping must enable ReportBatchItemFailures).
 */
public final class SessionExpiryHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** How DynamoDB signs the REMOVE records its TTL process writes to the stream. */
    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    static final String TTL_IDENTITY_TYPE = "Service";

    private final SessionEraser eraser;

    /** Lambda's: the process's shared wiring. */
    public SessionExpiryHandler() {
        this(Lambdas.shared());
    }

    public SessionExpiryHandler(Rewind rewind) {
        this.eraser = rewind.eraser;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbStreamRecord record : records) {
            if (!isTtlRemoval(record)) {
                continue;
            }
            String pk = partitionKey(record);
            int hash = pk == null ? -1 : pk.indexOf('#');
            if (hash <= 0 || hash == pk.length() - 1) {
                Log.warn("session_expiry_skipped", "reason", "unexpected_key", "eventId", record.getEventID());
                continue;
            }
            String tenantId = pk.substring(0, hash);
            String sessionId = pk.substring(hash + 1);
            try {
                SessionEraser.Erasure erasure = eraser.eraseChunksOfRemoved(tenantId, sessionId);
                Log.info(
                        "session_expired",
                        "tenantId",
                        tenantId,
                        "sessionId",
                        sessionId,
                        "outcome",
                        erasure.outcome().name().toLowerCase(),
                        "chunks",
                        erasure.chunks());
            } catch (RuntimeException e) {
                Log.warn(
                        "session_expiry_failed", "tenantId", tenantId, "sessionId", sessionId, "error", Log.failure(e));
                // a stream is retried from the first failed record on: the rest of the batch comes again
                failures.add(new StreamsEventResponse.BatchItemFailure(
                        record.getDynamodb().getSequenceNumber()));
                break;
            }
        }
        return new StreamsEventResponse(failures);
    }

    static boolean isTtlRemoval(DynamodbStreamRecord record) {
        Identity identity = record.getUserIdentity();
        return "REMOVE".equals(record.getEventName())
                && identity != null
                && TTL_IDENTITY_TYPE.equals(identity.getType())
                && TTL_PRINCIPAL.equals(identity.getPrincipalId());
    }

    private static String partitionKey(DynamodbStreamRecord record) {
        if (record.getDynamodb() == null || record.getDynamodb().getKeys() == null) {
            return null;
        }
        AttributeValue value = record.getDynamodb()
                .getKeys()
                .get(Tables.SESSIONS.partitionKey().name());
        return value == null ? null : value.getS();
    }
}
