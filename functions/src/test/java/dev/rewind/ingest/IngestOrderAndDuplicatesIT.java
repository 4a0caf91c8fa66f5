package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Duplicates and disorder, sent concurrently, leave an exact index. */
class IngestOrderAndDuplicatesIT {
    private static final int CHUNKS = 20;
    private static final int EVENTS_PER_CHUNK = 7;

    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private Tenants.SignedUp tenant;

    @BeforeEach
    void tenant() {
        rewind = Emulator.freshRewind(clock);
        tenant = Tenants.signUp(rewind, "Orderly");
    }

    private List<String> chunksOf(String sessionId) {
        long start = clock.millis() - 10 * 60_000;
        return IntStream.range(0, CHUNKS)
                .mapToObj(
                        seq -> Chunks.envelope(sessionId, seq, Chunks.events(start + seq * 10_000L, EVENTS_PER_CHUNK)))
                .toList();
    }

    /** Sends like the recorder: a 503 (storage busy or slow) is retried, as the protocol asks. */
    private APIGatewayV2HTTPResponse send(IngestHandler handler, String body) {
        APIGatewayV2HTTPResponse response = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            response = handler.handleRequest(
                    ApiEvents.request("POST", "/v1/ingest")
                            .query("key", tenant.ingestKey())
                            .binary(Chunks.gzip(body), "application/x-www-form-urlencoded")
                            .build(),
                    null);
            if (response.getStatusCode() != 503) {
                return response;
            }
        }
        return response;
    }

    @Test
    void everyChunkTwiceShuffledAndConcurrentGivesTheSameIndexAsInOrder() throws Exception {
        // given the same recording as two sessions
        IngestHandler handler = new IngestHandler(rewind);
        List<String> inOrder = chunksOf("in-order-session-01");
        List<String> shuffled = new ArrayList<>(chunksOf("shuffled-session-01"));
        shuffled.addAll(new ArrayList<>(shuffled));
        Collections.shuffle(shuffled, new Random(7));

        // when one is sent in order and the other twice over, shuffled, from eight threads at once
        for (String body : inOrder) {
            assertThat(send(handler, body).getStatusCode()).isEqualTo(202);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<APIGatewayV2HTTPResponse>> responses = new ArrayList<>();
        for (String body : shuffled) {
            responses.add(pool.submit(() -> send(handler, body)));
        }
        int duplicates = 0;
        for (Future<APIGatewayV2HTTPResponse> f : responses) {
            APIGatewayV2HTTPResponse r = f.get();
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
            duplicates += Tenants.read(r).get("duplicate").asBoolean() ? 1 : 0;
        }
        pool.shutdown();

        // then every chunk was stored and counted exactly once, and both indexes end the same
        // (the "duplicate" answer is advisory: a write whose reply was lost and retried reads as one)
        assertThat(duplicates).isGreaterThanOrEqualTo(CHUNKS);
        SessionRecord ordered =
                rewind.sessions.load(tenant.tenantId(), "in-order-session-01").orElseThrow();
        SessionRecord disordered =
                rewind.sessions.load(tenant.tenantId(), "shuffled-session-01").orElseThrow();
        assertThat(disordered.seqs)
                .containsExactlyElementsOf(IntStream.range(0, CHUNKS).boxed().toList());
        assertThat(disordered.processedThrough).isEqualTo(CHUNKS - 1);
        assertThat(disordered.state.eventCount()).isEqualTo(CHUNKS * EVENTS_PER_CHUNK);
        assertThat(disordered.state.clickCount()).isEqualTo(CHUNKS * (EVENTS_PER_CHUNK - 1));
        assertThat(disordered.state.toJson()).isEqualTo(ordered.state.toJson());
        assertThat(rewind.chunks.keys(tenant.tenantId())).hasSize(2 * CHUNKS);

        JsonNode detail = Tenants.read(new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", "shuffled-session-01")
                                .bearer(tenant.apiKey())
                                .build(),
                        null));
        assertThat(detail.get("chunks")).hasSize(CHUNKS);
        assertThat(detail.get("eventCount").asInt()).isEqualTo(CHUNKS * EVENTS_PER_CHUNK);
    }

    @Test
    void aChunkThatArrivesBeforeItsPredecessorWaitsAndIsCountedWhenTheGapCloses() {
        // given chunk 1 arrives before chunk 0
        IngestHandler handler = new IngestHandler(rewind);
        List<String> chunks = chunksOf("gap-session-000001");
        send(handler, chunks.get(1));
        SessionRecord waiting =
                rewind.sessions.load(tenant.tenantId(), "gap-session-000001").orElseThrow();
        assertThat(waiting.isListed()).isFalse();

        // when chunk 0 arrives
        send(handler, chunks.get(0));

        // then both are aggregated
        SessionRecord record =
                rewind.sessions.load(tenant.tenantId(), "gap-session-000001").orElseThrow();
        assertThat(record.processedThrough).isEqualTo(1);
        assertThat(record.state.eventCount()).isEqualTo(2 * EVENTS_PER_CHUNK);
    }

    @Test
    void aGapThatNeverClosesIsSkippedAfterTheTimeoutAndALateChunkStillCounts() {
        // given chunk 0 never arrives while 1 and 2 wait
        IngestHandler handler = new IngestHandler(rewind);
        List<String> chunks = chunksOf("lost-chunk-session");
        send(handler, chunks.get(1));
        clock.advance(java.time.Duration.ofMillis(IngestLimits.GAP_TIMEOUT_MS + 1));

        // when a later chunk arrives after the gap timeout
        send(handler, chunks.get(2));

        // then the waiting chunks are aggregated without chunk 0
        SessionRecord skipped =
                rewind.sessions.load(tenant.tenantId(), "lost-chunk-session").orElseThrow();
        assertThat(skipped.processedThrough).isEqualTo(2);
        assertThat(skipped.state.eventCount()).isEqualTo(2 * EVENTS_PER_CHUNK);
        assertThat(skipped.gapSince).isZero();

        // and when chunk 0 turns up after all, it is counted, once
        send(handler, chunks.get(0));
        send(handler, chunks.get(0));
        SessionRecord late =
                rewind.sessions.load(tenant.tenantId(), "lost-chunk-session").orElseThrow();
        assertThat(late.state.eventCount()).isEqualTo(3 * EVENTS_PER_CHUNK);
        assertThat(late.state.startedAt())
                .isEqualTo(clock.millis()
                        - 10 * 60_000
                        - java.time.Duration.ofMillis(IngestLimits.GAP_TIMEOUT_MS + 1)
                                .toMillis());
    }

    @Test
    void aChunkStoredButNeverIndexedIsIndexedWhenTheNextChunkArrives() {
        // given chunk 0 reached S3 but its index update failed and its sender never retried
        IngestHandler handler = new IngestHandler(rewind);
        List<String> chunks = chunksOf("stored-not-indexed");
        rewind.chunks.putIfAbsent(tenant.tenantId(), "stored-not-indexed", 0, Chunks.gzip(chunks.get(0)));

        // when chunk 1 arrives
        send(handler, chunks.get(1));

        // then chunk 0 is indexed too
        SessionRecord record =
                rewind.sessions.load(tenant.tenantId(), "stored-not-indexed").orElseThrow();
        assertThat(record.seqs).containsExactly(0, 1);
        assertThat(record.processedThrough).isEqualTo(1);
        assertThat(record.state.eventCount()).isEqualTo(2 * EVENTS_PER_CHUNK);
    }
}
