package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.rewind.Rewind;
import dev.rewind.aws.SessionItem;
import dev.rewind.lambda.SessionExpiryHandler;
import dev.rewind.storage.Tables;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The sessions table's stream consumer, fed DynamoDB Streams events shaped like
 * the ones TTL deletions produce. The emulator never runs TTL, so each test removes the item itself,
 * as the TTL process would, and delivers the REMOVE record AWS would then send.
 */
class SessionExpiryIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private TenantFixture shop;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
        shop = TenantFixture.signUp(rewind, clock, "Shop");
    }

    @AfterEach
    void dropResources() {
        Stored.drop(rewind.config);
    }

    @Test
    void sessionItemsCarryTheAttributeTheTableExpiresByAndNeverExpireInsideRetention() {
        // given a session recorded 10 days ago under 30 days' retention
        String session = shop.recordSession(Duration.ofDays(10), null, 1);

        // when the table's TTL setting and the session's item are read
        TimeToLiveDescription ttl = Emulator.DYNAMO
                .describeTimeToLive(r -> r.tableName(rewind.config.sessionsTable()))
                .timeToLiveDescription();
        Map<String, AttributeValue> item = item(session);

        // then TTL is on, by the attribute ingest writes, and falls after the retention
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(Tables.TTL_ATTRIBUTE);
        long expiresAtMillis = Long.parseLong(item.get(Tables.TTL_ATTRIBUTE).n()) * 1000;
        long startedAt =
                rewind.sessions.load(shop.tenantId, session).orElseThrow().state.startedAt();
        assertThat(expiresAtMillis)
                .isGreaterThan(startedAt + Duration.ofDays(30).toMillis());
    }

    @Test
    void aTtlRemovalDeletesTheChunksOfTheRemovedSession() {
        // given two sessions, and TTL removing the item of one
        String expiring = shop.recordSession(Duration.ofDays(2), null, 3);
        String other = shop.recordSession(Duration.ofDays(1), null, 2);
        removeAsTtlWould(expiring);

        // when the stream delivers the TTL's REMOVE record
        StreamsEventResponse response =
                new SessionExpiryHandler(rewind).handleRequest(LambdaEvents.batch(ttlRemoval(expiring)), null);

        // then its chunks are gone and the other session is whole
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(Stored.chunkKeysOf(rewind, shop.tenantId, expiring)).isEmpty();
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(other);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).hasSize(2);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(other);
    }

    @Test
    void onlyTtlRemovalsDeleteChunks() {
        // given sessions whose items were written, changed, and removed by a caller rather than by TTL
        String written = shop.recordSession(Duration.ofHours(3), null, 1);
        String removedByCaller = shop.recordSession(Duration.ofHours(2), null, 2);
        removeAsTtlWould(removedByCaller);
        Instant now = clock.instant();
        String table = rewind.config.sessionsTable();

        // when the stream delivers those records
        StreamsEventResponse response = new SessionExpiryHandler(rewind)
                .handleRequest(
                        LambdaEvents.batch(
                                LambdaEvents.write("INSERT", table, shop.tenantId, written, now),
                                LambdaEvents.write("MODIFY", table, shop.tenantId, written, now),
                                LambdaEvents.callerRemoval(table, shop.tenantId, removedByCaller, now)),
                        null);

        // then no chunk is touched: callers delete chunks themselves before the item
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).hasSize(3);
    }

    @Test
    void aSessionIdInUseAgainKeepsItsChunks() {
        // given a TTL REMOVE record for a session whose id has an item again (a newer session took it)
        String reused = shop.recordSession(Duration.ofHours(1), null, 2);

        // when the stream delivers it
        StreamsEventResponse response =
                new SessionExpiryHandler(rewind).handleRequest(LambdaEvents.batch(ttlRemoval(reused)), null);

        // then the newer session keeps its chunks
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(Stored.chunkKeysOf(rewind, shop.tenantId, reused)).hasSize(2);
    }

    @Test
    void theSameBatchDeliveredTwiceIsHarmless() {
        // given a TTL removal already handled once
        String expiring = shop.recordSession(Duration.ofDays(2), null, 2);
        String other = shop.recordSession(Duration.ofDays(1), null, 1);
        removeAsTtlWould(expiring);
        DynamodbEvent batch = LambdaEvents.batch(ttlRemoval(expiring));
        SessionExpiryHandler handler = new SessionExpiryHandler(rewind);
        handler.handleRequest(batch, null);

        // when Lambda delivers the same batch again
        StreamsEventResponse again = handler.handleRequest(batch, null);

        // then it succeeds and nothing else changes
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(other);
    }

    @Test
    void aFailedDeletionIsReportedSoTheStreamRetriesFromThatRecord() {
        // given three TTL removals, and S3 failing once on the second
        List<String> expiring = shop.recordSessions(Duration.ofDays(2), null, 3);
        expiring.forEach(this::removeAsTtlWould);
        AtomicBoolean failed = new AtomicBoolean();
        Rewind flaky = Interleavings.beforeChunkDeletion(rewind, (tenantId, sessionId) -> {
            if (sessionId.equals(expiring.get(1)) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("S3 unreachable");
            }
        });
        DynamodbEvent.DynamodbStreamRecord first = ttlRemoval(expiring.get(0));
        DynamodbEvent.DynamodbStreamRecord second = ttlRemoval(expiring.get(1));
        DynamodbEvent.DynamodbStreamRecord third = ttlRemoval(expiring.get(2));
        SessionExpiryHandler handler = new SessionExpiryHandler(flaky);

        // when the batch is handled
        StreamsEventResponse response = handler.handleRequest(LambdaEvents.batch(first, second, third), null);

        // then the failure names the second record, and what follows it waits for the retry
        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier())
                        .isEqualTo(second.getDynamodb().getSequenceNumber()));
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId))
                .containsExactlyInAnyOrder(expiring.get(1), expiring.get(2));

        // when Lambda retries from the failed record
        StreamsEventResponse retry = handler.handleRequest(LambdaEvents.batch(second, third), null);

        // then every chunk is gone
        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
    }

    private DynamodbEvent.DynamodbStreamRecord ttlRemoval(String sessionId) {
        return LambdaEvents.ttlRemoval(rewind.config.sessionsTable(), shop.tenantId, sessionId, clock.instant());
    }

    private Map<String, AttributeValue> item(String sessionId) {
        return Emulator.DYNAMO
                .getItem(r -> r.tableName(rewind.config.sessionsTable())
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(SessionItem.pk(shop.tenantId, sessionId)))))
                .item();
    }

    /** What DynamoDB's TTL process does to an expired item: a plain delete, no chunk in sight. */
    private void removeAsTtlWould(String sessionId) {
        Emulator.DYNAMO.deleteItem(r -> r.tableName(rewind.config.sessionsTable())
                .key(Map.of("pk", AttributeValue.fromS(SessionItem.pk(shop.tenantId, sessionId)))));
    }
}
