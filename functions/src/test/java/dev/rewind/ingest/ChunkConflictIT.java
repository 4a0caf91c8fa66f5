package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.MotoProcess;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A (sessionId, seq) is stored once (docs/INGEST.md, "Idempotency"): two tabs that share a session
 * (a tab copied with its sessionStorage) send different chunks under the same seq at the same moment.
 * Whatever the order, the bytes in S3 are the bytes of every chunk answered 202, the index describes
 * them, and the other chunk gets 409 {@code chunk_conflict}, never {@code duplicate: true}.
 *
 * <p>Runs against a moto of its own that serves one request at a time ({@link MotoProcess}): moto's
 * conditional writes are not atomic under concurrency, S3's are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkConflictIT {
    private static final int ROUNDS = 12;

    private final MutableClock clock = MutableClock.now();
    private MotoProcess moto;
    private Rewind rewind;
    private IngestHandler handler;
    private Tenants.SignedUp tenant;

    @BeforeAll
    void start() throws Exception {
        moto = MotoProcess.start(MotoProcess.Mode.ONE_REQUEST_AT_A_TIME);
        RewindConfig config = RewindConfig.fromEnvironment().withPrefix("conflict");
        ResourceBootstrap.create(AwsClients.dynamoDb(moto.endpoint()), AwsClients.s3(moto.endpoint()), config);
        rewind = Rewind.create(config, clock, moto.endpoint());
        handler = new IngestHandler(rewind);
        tenant = Tenants.signUp(rewind, "Two Tabs");
    }

    @AfterAll
    void stop() throws InterruptedException {
        moto.close();
    }

    private record Sent(String body, APIGatewayV2HTTPResponse response) {
        int status() {
            return response.getStatusCode();
        }

        JsonNode answer() {
            return Tenants.read(response);
        }
    }

    private static ApiEvents ingest(String ingestKey) {
        return ApiEvents.request("POST", "/v1/ingest").query("key", ingestKey);
    }

    private APIGatewayV2HTTPEvent gzip(String body) {
        return ingest(tenant.ingestKey())
                .binary(Chunks.gzip(body), "application/x-www-form-urlencoded")
                .build();
    }

    private APIGatewayV2HTTPEvent plain(String body) {
        return ingest(tenant.ingestKey()).text(body, "text/plain;charset=UTF-8").build();
    }

    private String stored(String sessionId, int seq) throws IOException {
        byte[] gzip = rewind.chunks.get(tenant.tenantId(), sessionId, seq).orElseThrow();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void concurrentDifferentChunksForOneSeqStoreOneAndRefuseTheOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        int conflicts = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // given two tabs on one session, each with its own seq 0, and one of them sending its chunk twice
            String sessionId = String.format("copied-tab-round-%02d", round);
            long start = clock.millis() - 60_000;
            String tabA = Chunks.envelope(sessionId, 0, Chunks.events(start, 3));
            String tabB = Chunks.envelope(sessionId, 0, Chunks.events(start + 500, 5));
            List<APIGatewayV2HTTPEvent> requests = List.of(gzip(tabA), gzip(tabB), plain(tabA));
            List<String> bodies = List.of(tabA, tabB, tabA);

            // when all three arrive at once
            CountDownLatch go = new CountDownLatch(1);
            List<Future<APIGatewayV2HTTPResponse>> futures = new ArrayList<>();
            for (APIGatewayV2HTTPEvent request : requests) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return handler.handleRequest(request, null);
                }));
            }
            go.countDown();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                sent.add(new Sent(bodies.get(i), futures.get(i).get()));
            }

            // then S3 holds one of them, every 202 was for exactly those bytes, and the other got 409
            String stored = stored(sessionId, 0);
            assertThat(stored).isIn(tabA, tabB);
            for (Sent s : sent) {
                if (s.body().equals(stored)) {
                    assertThat(s.status())
                            .as("round %d: %s", round, s.response().getBody())
                            .isEqualTo(202);
                } else {
                    assertThat(s.status())
                            .as("round %d: %s", round, s.response().getBody())
                            .isEqualTo(409);
                    assertThat(s.answer().at("/error/code").asText()).isEqualTo("chunk_conflict");
                    conflicts++;
                }
            }
            assertThat(sent.stream()
                            .filter(s -> s.status() == 202
                                    && !s.answer().path("duplicate").asBoolean()))
                    .as("round %d: one chunk is stored, its copy is a duplicate", round)
                    .hasSize(1);
            SessionRecord record =
                    rewind.sessions.load(tenant.tenantId(), sessionId).orElseThrow();
            assertThat(record.seqs).containsExactly(0);
            assertThat(record.state.eventCount())
                    .as("round %d: the index describes the stored chunk", round)
                    .isEqualTo(stored.equals(tabA) ? 3 : 5);
        }
        pool.shutdown();
        assertThat(conflicts).isGreaterThanOrEqualTo(ROUNDS);
    }

    @Test
    void aStoredChunkIsNeverOverwrittenAndItsExactRepeatIsADuplicate() throws Exception {
        // given a stored chunk
        String sessionId = "stored-once-session-01";
        long start = clock.millis() - 60_000;
        String first = Chunks.envelope(sessionId, 0, Chunks.events(start, 3));
        assertThat(handler.handleRequest(gzip(first), null).getStatusCode()).isEqualTo(202);
        SessionRecord before =
                rewind.sessions.load(tenant.tenantId(), sessionId).orElseThrow();

        // when the same chunk comes again, gzip or plain, and then a different one under its seq
        APIGatewayV2HTTPResponse repeat = handler.handleRequest(gzip(first), null);
        APIGatewayV2HTTPResponse repeatPlain = handler.handleRequest(plain(first), null);
        APIGatewayV2HTTPResponse other =
                handler.handleRequest(gzip(Chunks.envelope(sessionId, 0, Chunks.events(start, 4))), null);

        // then the repeats are duplicates, the other is refused, and S3 and the index are as they were
        assertThat(repeat.getStatusCode()).isEqualTo(202);
        assertThat(Tenants.read(repeat).get("duplicate").asBoolean()).isTrue();
        assertThat(repeatPlain.getStatusCode()).isEqualTo(202);
        assertThat(Tenants.read(repeatPlain).get("duplicate").asBoolean()).isTrue();
        assertThat(other.getStatusCode()).as(other.getBody()).isEqualTo(409);
        assertThat(Tenants.read(other).at("/error/code").asText()).isEqualTo("chunk_conflict");
        assertThat(Tenants.read(other).at("/error/message").asText()).isNotBlank();
        assertThat(stored(sessionId, 0)).isEqualTo(first);
        SessionRecord after = rewind.sessions.load(tenant.tenantId(), sessionId).orElseThrow();
        assertThat(after.version).isEqualTo(before.version);
        assertThat(after.state.eventCount()).isEqualTo(3);
    }
}
