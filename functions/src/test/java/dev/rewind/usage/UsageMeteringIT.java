package dev.rewind.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Metrics;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.UsageHandler;
import dev.rewind.storage.ChunkStore;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Usage (docs/INGEST.md, "Usage"): what was stored, counted once however often it was sent, and {@code GET /v1/usage}. */
class UsageMeteringIT {

    @Test
    void aChunkSentAgainOrRetriedAfterAFailureIsCountedOnceOverInstances() {
        // given two ingest instances on the same tables; the first one's first chunk put fails (an S3 outage)
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        RewindConfig config = Emulator.freshConfig();
        Rewind first = Rewind.create(config, clock);
        Rewind plain = Rewind.create(config, clock);
        Rewind second = failingFirstPut(plain);
        Tenants.SignedUp a = Tenants.signUp(first, "Metered");
        IngestHandler one = new IngestHandler(first);
        IngestHandler two = new IngestHandler(second);
        byte[] seq0 = Chunks.gzip(Chunks.envelope("metered-session-0001", 0, Chunks.events(clock.millis() - 5_000, 3)));
        byte[] seq1 = Chunks.gzip(Chunks.envelope("metered-session-0001", 1, Chunks.events(clock.millis() - 2_000, 4)));

        // when seq 0 fails on the second instance and is retried there, then sent again on both, and seq 1 twice
        assertThat(two.handleRequest(chunk(a.ingestKey(), seq0), null).getStatusCode())
                .isEqualTo(503);
        assertThat(two.handleRequest(chunk(a.ingestKey(), seq0), null).getStatusCode())
                .isEqualTo(202);
        assertThat(one.handleRequest(chunk(a.ingestKey(), seq0), null).getStatusCode())
                .isEqualTo(202);
        assertThat(two.handleRequest(chunk(a.ingestKey(), seq0), null).getStatusCode())
                .isEqualTo(202);
        assertThat(one.handleRequest(chunk(a.ingestKey(), seq1), null).getStatusCode())
                .isEqualTo(202);
        assertThat(two.handleRequest(chunk(a.ingestKey(), seq1), null).getStatusCode())
                .isEqualTo(202);

        // then the day counts one session, two chunks and the bytes of the two objects stored
        long storedBytes = first.chunks
                        .get(a.tenantId(), "metered-session-0001", 0)
                        .orElseThrow()
                        .length
                + first.chunks.get(a.tenantId(), "metered-session-0001", 1).orElseThrow().length;
        JsonNode usage = usage(first, a.apiKey(), null);
        assertThat(usage.at("/days").size()).isEqualTo(1);
        assertThat(usage.at("/days/0/day").asText()).isEqualTo("2026-12-02");
        assertThat(usage.at("/days/0/sessions").asLong()).isEqualTo(1);
        assertThat(usage.at("/days/0/chunks").asLong()).isEqualTo(2);
        assertThat(usage.at("/days/0/bytes").asLong()).isEqualTo(storedBytes);
        assertThat(usage.at("/month").asText()).isEqualTo("2026-12");
        assertThat(usage.at("/plan/sessionsPerMonth").asInt()).isEqualTo(1_000_000);
        assertThat(usage.at("/plan/chunksPerMinute").asInt()).isEqualTo(60_000);
    }

    @Test
    void usageListsTheRequestedDaysOfItsOwnTenantOnly() {
        // given tenant A with a session on two days, tenant B with one
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp a = Tenants.signUp(rewind, "Two days");
        Tenants.SignedUp b = Tenants.signUp(rewind, "Other");
        IngestHandler ingest = new IngestHandler(rewind);
        ingest.handleRequest(
                chunk(
                        a.ingestKey(),
                        Chunks.gzip(
                                Chunks.envelope("day-one-session-001", 0, Chunks.events(clock.millis() - 5_000, 3)))),
                null);
        ingest.handleRequest(
                chunk(
                        b.ingestKey(),
                        Chunks.gzip(
                                Chunks.envelope("other-session-00001", 0, Chunks.events(clock.millis() - 5_000, 3)))),
                null);
        clock.advance(Duration.ofDays(1));
        ingest.handleRequest(
                chunk(
                        a.ingestKey(),
                        Chunks.gzip(
                                Chunks.envelope("day-two-session-001", 0, Chunks.events(clock.millis() - 5_000, 3)))),
                null);

        // when A asks for its usage of the last 30 days, then of today only
        JsonNode month = usage(rewind, a.apiKey(), null);
        JsonNode today = usage(rewind, a.apiKey(), "1");

        // then it sees its two days (oldest first) and its two sessions of the month, nothing of B's
        assertThat(month.at("/days").findValuesAsText("day")).containsExactly("2026-12-01", "2026-12-02");
        assertThat(month.at("/sessionsThisMonth").asLong()).isEqualTo(2);
        assertThat(today.at("/days").findValuesAsText("day")).containsExactly("2026-12-02");
    }

    @Test
    void usageRefusesABadDaysParameterAndACallerWithoutItsKey() {
        Rewind rewind = Emulator.freshRewind(MutableClock.now());
        Tenants.SignedUp a = Tenants.signUp(rewind, "Asking");
        UsageHandler handler = new UsageHandler(rewind);
        for (String days : new String[] {"0", "91", "seven", "-1"}) {
            APIGatewayV2HTTPResponse refused = handler.handleRequest(
                    ApiEvents.request("GET", "/v1/usage")
                            .bearer(a.apiKey())
                            .query("days", days)
                            .build(),
                    null);
            assertThat(refused.getStatusCode()).as(days).isEqualTo(400);
            assertThat(Tenants.read(refused).at("/error/code").asText()).isEqualTo("invalid_days");
        }
        APIGatewayV2HTTPResponse anonymous =
                handler.handleRequest(ApiEvents.request("GET", "/v1/usage").build(), null);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
    }

    private static JsonNode usage(Rewind rewind, String apiKey, String days) {
        ApiEvents request = ApiEvents.request("GET", "/v1/usage").bearer(apiKey);
        if (days != null) {
            request.query("days", days);
        }
        APIGatewayV2HTTPResponse response = new UsageHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Tenants.read(response);
    }

    private static APIGatewayV2HTTPEvent chunk(String key, byte[] gzip) {
        return ApiEvents.request("POST", "/v1/ingest")
                .query("key", key)
                .binary(gzip, "application/x-www-form-urlencoded")
                .build();
    }

    /** The same resources, the first chunk put failing as an unreachable S3 does. */
    private static Rewind failingFirstPut(Rewind rewind) {
        AtomicBoolean failed = new AtomicBoolean();
        ChunkStore chunks = (ChunkStore) Proxy.newProxyInstance(
                ChunkStore.class.getClassLoader(), new Class<?>[] {ChunkStore.class}, (self, method, args) -> {
                    if (method.getName().equals("putIfAbsent") && failed.compareAndSet(false, true)) {
                        throw new dev.rewind.common.StoreUnavailable(new RuntimeException("injected"));
                    }
                    try {
                        return method.invoke(rewind.chunks, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Rewind(
                rewind.config,
                rewind.clock,
                rewind.tenants,
                chunks,
                rewind.sessions,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);
    }
}
