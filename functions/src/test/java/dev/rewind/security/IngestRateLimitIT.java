package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.common.Refused;
import dev.rewind.http.ApiErrors;
import dev.rewind.http.ApiException;
import dev.rewind.ingest.TenantIngestSlots;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Abuse (docs/SECURITY.md): a tenant's chunks in progress are capped per process; the rest wait briefly, then 429. */
class IngestRateLimitIT {

    @Test
    void aTenantWhoseSlotsAndQueueAreFullGets429RateLimitedAndNothingIsStored() {
        // given tenant A's two slots busy (two chunks being stored) and no room to wait
        MutableClock clock = MutableClock.now();
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp a = Tenants.signUp(rewind, "Busy");
        Tenants.SignedUp b = Tenants.signUp(rewind, "Calm");
        TenantIngestSlots slots = new TenantIngestSlots(2, 0, 0);
        IngestHandler handler = new IngestHandler(rewind, slots);
        TenantIngestSlots.Slot first = slots.enter(a.tenantId());
        TenantIngestSlots.Slot second = slots.enter(a.tenantId());

        // when A sends one more chunk, and B sends one
        APIGatewayV2HTTPResponse refused =
                handler.handleRequest(chunk(a.ingestKey(), "busy-session-000001", clock), null);
        APIGatewayV2HTTPResponse accepted =
                handler.handleRequest(chunk(b.ingestKey(), "calm-session-000001", clock), null);

        // then A is told to come back later and nothing of it is stored; B is not affected
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(Tenants.read(refused).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(refused.getHeaders()).containsEntry("retry-after", "1");
        assertThat(rewind.chunks.keys(a.tenantId())).isEmpty();
        assertThat(rewind.sessions.load(a.tenantId(), "busy-session-000001")).isEmpty();
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);

        // and once A's slots are free again its chunk goes through
        first.close();
        second.close();
        assertThat(handler.handleRequest(chunk(a.ingestKey(), "busy-session-000001", clock), null)
                        .getStatusCode())
                .isEqualTo(202);
        assertThat(slots.storing(a.tenantId())).isZero();
    }

    @Test
    void aChunkWaitsInItsTenantsQueueForASlotInsteadOfBeingRefused() throws Exception {
        // given one slot, busy, and room for one chunk to wait
        TenantIngestSlots slots = new TenantIngestSlots(1, 1, 10_000);
        TenantIngestSlots.Slot busy = slots.enter("tenant-a");

        // when a second chunk of the same tenant arrives, and a third
        CompletableFuture<TenantIngestSlots.Slot> waiting =
                CompletableFuture.supplyAsync(() -> slots.enter("tenant-a"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (slots.waiting("tenant-a") == 0 && !waiting.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(slots.waiting("tenant-a"))
                .as("the second chunk is in the queue")
                .isEqualTo(1);
        assertThat(waiting).isNotDone();
        assertThatThrownBy(() -> slots.enter("tenant-a"))
                .isInstanceOfSatisfying(
                        Refused.class, e -> assertThat(ApiErrors.of(e).code()).isEqualTo("rate_limited"));

        // then the waiting one gets the slot as soon as it is given back; other tenants never waited
        slots.enter("tenant-b").close();
        busy.close();
        waiting.get(5, TimeUnit.SECONDS).close();
        assertThat(slots.storing("tenant-a")).isZero();
    }

    @Test
    void aChunkThatWaitsTooLongIsRefused() {
        // given one busy slot and a short wait
        TenantIngestSlots slots = new TenantIngestSlots(1, 4, 50);
        slots.enter("tenant-a");

        // when another chunk waits past the deadline, then it is refused with 429
        assertThatThrownBy(() -> slots.enter("tenant-a")).isInstanceOfSatisfying(Refused.class, refused -> {
            ApiException e = ApiErrors.of(refused);
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        });
    }

    private static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent chunk(
            String key, String sessionId, MutableClock clock) {
        return ApiEvents.request("POST", "/v1/ingest")
                .query("key", key)
                .binary(
                        Chunks.gzip(Chunks.envelope(sessionId, 0, Chunks.events(clock.millis() - 5_000, 3))),
                        "application/x-www-form-urlencoded")
                .build();
    }
}
