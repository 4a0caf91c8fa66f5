package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.IngestLimits;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Abuse (docs/SECURITY.md): in the local runner, exactly as `make dev` wires it (the same handlers, the default
 * per-tenant ingest limit), a flood from one tenant neither breaks nor slows another tenant's ingest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantFloodIT {
    private static final int FLOOD_THREADS = 24;
    /** A quiet tenant: a few visitors, a chunk each every 5 s in real life; here back to back. */
    private static final int QUIET_CHUNKS_PER_ROUND = 10;

    private static final int ROUNDS = 4;
    /** Distinct chunks the flooder cycles through (a repeat is a duplicate: still a storage read). */
    private static final int FLOOD_CHUNKS = 3000;

    private Rewind rewind;
    private LocalServer server;
    private Tenants.SignedUp flooder;
    private Tenants.SignedUp quiet;
    private final HttpClient quietClient =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient floodClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();

    @BeforeAll
    void start() throws Exception {
        rewind = Emulator.freshRewind(Clock.systemUTC());
        server = new LocalServer(
                0,
                LocalRunner.handlers(rewind),
                Path.of("target/no-console"),
                Path.of("target/no-sdk"),
                "<html></html>",
                "http://127.0.0.1:4566");
        server.start();
        flooder = Tenants.signUp(rewind, "Flooder");
        quiet = Tenants.signUp(rewind, "Quiet");
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    private record Sent(int status, long millis, String body, String retryAfter) {}

    private static byte[] chunk(String sessionId, int seq) {
        return Chunks.gzip(Chunks.envelope(sessionId, seq, Chunks.events(System.currentTimeMillis() - 10_000, 5)));
    }

    private Sent send(HttpClient client, String ingestKey, byte[] gzipChunk) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/ingest?key=" + ingestKey))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipChunk))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Sent(
                    response.statusCode(),
                    (System.nanoTime() - started) / 1_000_000,
                    response.body(),
                    response.headers().firstValue("retry-after").orElse(null));
        } catch (Exception e) {
            return new Sent(-1, (System.nanoTime() - started) / 1_000_000, e.toString(), null);
        }
    }

    /** The quiet tenant's visitors: sessions of ten chunks, sent one after the other. */
    private List<Sent> quietTraffic(String run, int chunks) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            sent.add(send(quietClient, quiet.ingestKey(), chunk(run + "-quiet-visitor-" + (i / 10), i % 10)));
        }
        return sent;
    }

    private static long percentile(List<Sent> sent, double p) {
        List<Long> millis = new ArrayList<>(sent.stream().map(Sent::millis).toList());
        Collections.sort(millis);
        return millis.get((int) Math.min(millis.size() - 1, Math.floor(p * millis.size())));
    }

    /** The flooder: threads sending as fast as they can while {@code flooding} is set. */
    private final class Flood {
        final AtomicBoolean flooding = new AtomicBoolean();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<Sent> rateLimited = Collections.synchronizedList(new ArrayList<>());
        final ExecutorService threads = Executors.newFixedThreadPool(FLOOD_THREADS);
        final List<byte[]> chunks = new ArrayList<>();
        volatile boolean stopped;

        Flood() {
            // bodies made beforehand: the flooding client shares this machine's CPU with the runner, an attacker would
            // not
            for (int n = 0; n < FLOOD_CHUNKS; n++) {
                chunks.add(chunk("flood-session-" + String.format("%06d", n / 1000), n % 1000));
            }
            for (int t = 0; t < FLOOD_THREADS; t++) {
                threads.submit(this::run);
            }
        }

        private void run() {
            while (!stopped) {
                if (!flooding.get()) {
                    pause(5);
                    continue;
                }
                inFlight.incrementAndGet();
                int n = sent.getAndIncrement();
                Sent s = send(floodClient, flooder.ingestKey(), chunks.get(n % FLOOD_CHUNKS));
                inFlight.decrementAndGet();
                statuses.computeIfAbsent(s.status(), k -> new AtomicInteger()).incrementAndGet();
                if (s.status() == 429 && rateLimited.size() < 5) {
                    rateLimited.add(s);
                }
            }
        }

        void on() {
            int before = sent.get();
            flooding.set(true);
            while (sent.get() < before + 2 * FLOOD_THREADS) {
                pause(5);
            }
        }

        /** Stops and waits until none of the flooder's requests is left in the runner. */
        void off() {
            flooding.set(false);
            while (inFlight.get() > 0) {
                pause(5);
            }
        }

        void close() throws InterruptedException {
            stopped = true;
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFloodFromOneTenantNeitherBreaksNorSlowsAnotherTenantsIngest() throws Exception {
        // given a flooder ready to send from 24 threads, and the quiet tenant warmed up
        Flood flood = new Flood();
        quietTraffic("warmup", 10);

        // when the quiet tenant sends alone and under the flood, by turns (so the load other programs put
        // on this machine weighs on both the same)
        List<Sent> alone = new ArrayList<>();
        List<Sent> underFlood = new ArrayList<>();
        long floodNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            alone.addAll(quietTraffic("alone" + round, QUIET_CHUNKS_PER_ROUND));
            flood.on();
            long started = System.nanoTime();
            underFlood.addAll(quietTraffic("flood" + round, QUIET_CHUNKS_PER_ROUND));
            floodNanos += System.nanoTime() - started;
            flood.off();
        }
        flood.close();
        System.out.printf(
                "flood: the flooder sent %d chunks in %.1f s from %d threads: statuses %s%n",
                flood.sent.get(), floodNanos / 1e9, FLOOD_THREADS, flood.statuses);
        System.out.printf(
                "flood: quiet tenant alone p50 %d ms p90 %d ms; under the flood p50 %d ms p90 %d ms (%d chunks each)%n",
                percentile(alone, 0.5),
                percentile(alone, 0.9),
                percentile(underFlood, 0.5),
                percentile(underFlood, 0.9),
                alone.size());

        // then every chunk of the quiet tenant was acknowledged and is in S3
        assertThat(underFlood)
                .allSatisfy(s -> assertThat(s.status()).as(s.body()).isEqualTo(202));
        List<String> stored = rewind.chunks.keys(quiet.tenantId());
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < QUIET_CHUNKS_PER_ROUND; i++) {
                assertThat(stored)
                        .contains(ChunkBucket.chunkKey(
                                quiet.tenantId(), "flood" + round + "-quiet-visitor-" + (i / 10), i % 10));
            }
        }

        // and the flooder was held to its slots with 429 rate_limited + Retry-After, never a 5xx
        assertThat(flood.statuses.keySet()).containsOnly(202, 429);
        assertThat(flood.rateLimited).isNotEmpty().allSatisfy(s -> {
            JsonNode body = Json.MAPPER.readTree(s.body());
            assertThat(body.at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(s.retryAfter())).isPositive();
        });

        // and the quiet tenant was not slowed beyond its fair share: the flooder holds its slots' streams to
        // the emulator against the quiet tenant's one (2 + 1), so a typical chunk takes at most that many
        // times as long as alone (plus 100 ms of scheduling noise); without the slots it is 6x and worse
        long fairShare = (IngestLimits.TENANT_INGEST_SLOTS + 1) * percentile(alone, 0.5) + 100;
        assertThat(percentile(underFlood, 0.5)).isLessThanOrEqualTo(fairShare);
    }
}
