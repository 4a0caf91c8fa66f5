package dev.rewind.retention;

import static dev.rewind.retention.UserErasureIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delete wins over a session that is still recording: the call answers 2xx whatever arrives meanwhile,
 * nothing of the session is left in S3 or DynamoDB, and its later chunks are refused with 410
 * {@code session_deleted} (docs/RETENTION.md, "Deleting a live session").
 */
class LiveDeletionIT {
    /** Rounds of delete-during-ingest; each ends when the visitor is refused. */
    static final int ROUNDS = 10;
    /** A visitor sends at most this many chunks in a round: far more than a delete takes. */
    static final int MAX_CHUNKS = 200;

    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private TenantFixture shop;
    private ExecutorService visitors;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
        shop = TenantFixture.signUp(rewind, clock, "Shop");
        visitors = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void dropResources() {
        visitors.shutdownNow();
        Stored.drop(rewind.config);
    }

    @Test
    void deletingASessionWhileItsChunksKeepArrivingAnswers204EveryTimeAndLeavesNothing() throws Exception {
        List<Integer> deleteAnswers = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // given a visitor whose recorder sends chunk after chunk, as fast as ingest answers
            String session = TenantFixture.newSessionId();
            long start = clock.millis() - 60_000;
            shop.sendChunk(session, 0, start, "ada");
            CountDownLatch recording = new CountDownLatch(3);
            List<Integer> ingestAnswers = Collections.synchronizedList(new ArrayList<>());
            Future<?> visitor = visitors.submit(() -> {
                for (int seq = 1; seq <= MAX_CHUNKS; seq++) {
                    int status = shop.ingest(TenantFixture.chunk(session, seq, start + seq * 100L, "ada"))
                            .getStatusCode();
                    ingestAnswers.add(status);
                    recording.countDown();
                    if (status != 202) {
                        return;
                    }
                }
            });
            assertThat(recording.await(60, TimeUnit.SECONDS))
                    .as("the visitor is recording")
                    .isTrue();

            // when the tenant deletes the session meanwhile
            APIGatewayV2HTTPResponse deleted = shop.delete(session);
            deleteAnswers.add(deleted.getStatusCode());
            visitor.get(120, TimeUnit.SECONDS);

            // then the delete answered 204, the visitor was refused from then on, and nothing of it is stored
            assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(204);
            int refusedFrom = ingestAnswers.indexOf(410);
            assertThat(refusedFrom)
                    .as("chunks were refused after the delete: %s", ingestAnswers)
                    .isPositive();
            assertThat(ingestAnswers.subList(0, refusedFrom)).containsOnly(202);
            assertThat(ingestAnswers.subList(refusedFrom, ingestAnswers.size())).containsOnly(410);
            assertNothingLeftOf(session);
            System.out.printf(
                    "live deletion round %d: %d chunks acknowledged before the delete won, then 410%n",
                    round + 1, refusedFrom);
        }
        assertThat(deleteAnswers).hasSize(ROUNDS).containsOnly(204);
    }

    @Test
    void aChunkStoredJustAfterTheDeleteListedTheSessionsChunksIsDeletedToo() {
        // given a live session, and its next chunk reaching S3 only once a delete has run to its end
        String live = TenantFixture.newSessionId();
        long start = clock.millis() - 60_000;
        shop.sendChunk(live, 0, start, "ada");
        shop.sendChunk(live, 1, start + TenantFixture.CHUNK_SPACING_MS, "ada");
        AtomicReference<APIGatewayV2HTTPResponse> deletion = new AtomicReference<>();
        Rewind racing = Interleavings.beforeChunkPut(rewind, (tenantId, sessionId) -> {
            if (deletion.get() == null) {
                deletion.set(shop.delete(live));
            }
        });

        // when that chunk's ingest goes on after the delete
        APIGatewayV2HTTPResponse answer =
                shop.on(racing).ingest(TenantFixture.chunk(live, 2, start + 2 * TenantFixture.CHUNK_SPACING_MS, "ada"));

        // then the delete answered 204, the chunk was refused, and its object did not outlive the session
        assertThat(deletion.get().getStatusCode()).isEqualTo(204);
        assertError(answer, 410, "session_deleted");
        assertNothingLeftOf(live);
        assertThat(shop.listed()).isEmpty();
    }

    private void assertNothingLeftOf(String sessionId) {
        assertThat(Stored.chunkKeysOf(rewind, shop.tenantId, sessionId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).doesNotContain(sessionId);
        assertThat(Stored.items(rewind, shop.tenantId).get(sessionId))
                .satisfiesAnyOf(
                        item -> assertThat(item).isNull(),
                        item -> assertThat(Stored.TOMBSTONE_ATTRIBUTES).containsAll(item.keySet()));
    }
}
