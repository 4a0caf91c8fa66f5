package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB TTL is a backstop only: it never removes a session the tenant's retention still keeps. */
class TtlBackstopIT {

    @Test
    void ttlOutlivesTheLongestRetentionSoGrowingRetentionKeepsOldSessions() {
        // given a session recorded under the default 30 days
        MutableClock clock = MutableClock.now();
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Grows");
        long start = clock.millis() - 10_000;
        new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .text(Chunks.envelope("ttl-backstop-session", 0, Chunks.events(start, 3)), "text/plain")
                                .build(),
                        null);

        // when the tenant grows its retention to a year
        Tenants.patch(rewind, tenant.apiKey(), "{\"retentionDays\":365}");

        // then the item's TTL lies beyond a year after the start
        Map<String, AttributeValue> item = Emulator.DYNAMO
                .getItem(r -> r.tableName(rewind.config.sessionsTable())
                        .key(Map.of("pk", AttributeValue.fromS(tenant.tenantId() + "#ttl-backstop-session"))))
                .item();
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertThat(expiresAt * 1000).isGreaterThan(start + Duration.ofDays(365).toMillis());
        assertThat(expiresAt * 1000)
                .isLessThanOrEqualTo(start
                        + Duration.ofDays(ChunkBucket.LIFECYCLE_EXPIRE_DAYS).toMillis());
    }

    @Test
    void growingRetentionDoesNotBringBackASessionTheOldOneHid() {
        // given a 40-day-old session under the default 30 days (recorded back then)
        MutableClock clock = MutableClock.now();
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Hidden");
        clock.advance(Duration.ofDays(-40));
        new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .text(
                                        Chunks.envelope(
                                                "forty-days-old-session", 0, Chunks.events(clock.millis() - 10_000, 3)),
                                        "text/plain")
                                .build(),
                        null);
        clock.advance(Duration.ofDays(40));

        // when retention grows to 90 days
        Tenants.patch(rewind, tenant.apiKey(), "{\"retentionDays\":90}");

        // then the session stays gone
        var response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", "forty-days-old-session")
                                .bearer(tenant.apiKey())
                                .build(),
                        null);
        assertThat(response.getStatusCode()).isEqualTo(404);
    }
}
