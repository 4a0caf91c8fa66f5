package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.tenants.Plan;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's plan (docs/INGEST.md, "Per-tenant limits") binds over every ingest instance together: two
 * handlers on wirings of their own (two Lambda instances) share only the tables, and are limited together.
 */
class TenantPlanLimitsIT {

    @Test
    void twoInstancesTogetherKeepATenantWithinItsChunksPerMinuteAndAnotherTenantIsNotAffected() {
        // given two ingest instances on the same tables, tenant A on a plan of 10 chunks a minute
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:20Z"));
        RewindConfig config = Emulator.freshConfig();
        Rewind first = Rewind.create(config, clock);
        Rewind second = Rewind.create(config, clock);
        Tenants.SignedUp a = Tenants.signUp(first, "Flooding");
        Tenants.SignedUp b = Tenants.signUp(first, "Quiet");
        first.tenants.update(first.tenants.find(a.tenantId()).orElseThrow().withPlan(new Plan(10, 1_000)));
        List<IngestHandler> instances = List.of(new IngestHandler(first), new IngestHandler(second));

        // when A sends 16 chunks (each a new session), alternating between the instances, and B sends 16
        List<APIGatewayV2HTTPResponse> answersOfA = new ArrayList<>();
        List<String> refusedSessions = new ArrayList<>();
        int acceptedOfB = 0;
        for (int i = 0; i < 16; i++) {
            IngestHandler instance = instances.get(i % 2);
            String sessionId = "flood-session-" + String.format("%06d", i);
            APIGatewayV2HTTPResponse answer = instance.handleRequest(chunk(a.ingestKey(), sessionId, 0, clock), null);
            answersOfA.add(answer);
            if (answer.getStatusCode() == 429) {
                refusedSessions.add(sessionId);
            }
            if (instance.handleRequest(
                                    chunk(b.ingestKey(), "quiet-session-" + String.format("%06d", i), 0, clock), null)
                            .getStatusCode()
                    == 202) {
                acceptedOfB++;
            }
        }

        // then A got exactly its 10 (neither instance alone would have stopped it), B all of its 16
        assertThat(answersOfA.stream().filter(r -> r.getStatusCode() == 202)).hasSize(10);
        assertThat(answersOfA.stream().filter(r -> r.getStatusCode() == 429)).hasSize(6);
        assertThat(acceptedOfB).isEqualTo(16);
        // and each refusal is rate_limited until the minute ends, with nothing of it stored
        APIGatewayV2HTTPResponse refused = answersOfA.get(15);
        assertThat(Tenants.read(refused).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(refused.getHeaders()).containsEntry("retry-after", "40");
        for (String sessionId : refusedSessions) {
            assertThat(first.sessions.load(a.tenantId(), sessionId))
                    .as(sessionId)
                    .isEmpty();
        }
        assertThat(first.chunks.keys(a.tenantId())).hasSize(10);

        // and in the next minute A is accepted again, on either instance
        clock.advance(Duration.ofSeconds(40));
        assertThat(instances
                        .get(1)
                        .handleRequest(chunk(a.ingestKey(), "flood-session-000099", 0, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
    }

    @Test
    void aTenantsMonthlySessionQuotaBindsOverInstancesWhileItsStartedSessionsGoOn() {
        // given two instances and tenant A on a plan of 3 sessions a month, a minute before the month ends
        MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:59:00Z"));
        RewindConfig config = Emulator.freshConfig();
        Rewind first = Rewind.create(config, clock);
        Rewind second = Rewind.create(config, clock);
        Tenants.SignedUp a = Tenants.signUp(first, "Small plan");
        first.tenants.update(first.tenants.find(a.tenantId()).orElseThrow().withPlan(new Plan(1_000, 3)));
        IngestHandler one = new IngestHandler(first);
        IngestHandler two = new IngestHandler(second);

        // when three sessions start, on both instances, then a fourth
        assertThat(one.handleRequest(chunk(a.ingestKey(), "quota-session-000001", 0, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
        assertThat(two.handleRequest(chunk(a.ingestKey(), "quota-session-000002", 0, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
        assertThat(one.handleRequest(chunk(a.ingestKey(), "quota-session-000003", 0, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
        APIGatewayV2HTTPResponse fourth =
                two.handleRequest(chunk(a.ingestKey(), "quota-session-000004", 0, clock), null);

        // then the fourth is refused until the month ends, and nothing of it is stored
        assertThat(fourth.getStatusCode()).isEqualTo(429);
        assertThat(Tenants.read(fourth).at("/error/code").asText()).isEqualTo("quota_exceeded");
        assertThat(fourth.getHeaders()).containsEntry("retry-after", "60");
        assertThat(first.sessions.load(a.tenantId(), "quota-session-000004")).isEmpty();
        assertThat(first.chunks.keys(a.tenantId())).hasSize(3);
        // and a session already started goes on, on either instance
        assertThat(two.handleRequest(chunk(a.ingestKey(), "quota-session-000001", 1, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
        assertThat(one.handleRequest(chunk(a.ingestKey(), "quota-session-000002", 1, clock), null)
                        .getStatusCode())
                .isEqualTo(202);

        // and a new month brings new sessions
        clock.advance(Duration.ofMinutes(2));
        assertThat(two.handleRequest(chunk(a.ingestKey(), "quota-session-000005", 0, clock), null)
                        .getStatusCode())
                .isEqualTo(202);
    }

    @Test
    void anImportBeyondTheQuotaIsRefusedWithNothingStored() {
        // given a tenant whose month's sessions are used up (a plan of none)
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp a = Tenants.signUp(rewind, "Importer");
        rewind.tenants.update(rewind.tenants.find(a.tenantId()).orElseThrow().withPlan(new Plan(1_000, 0)));

        // when it imports a recording
        APIGatewayV2HTTPResponse refused = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(a.apiKey())
                                .json("{\"events\":" + Chunks.events(clock.millis() - 60_000, 5) + "}")
                                .build(),
                        null);

        // then it is refused as the recorder's first chunk would be, and nothing is stored
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(Tenants.read(refused).at("/error/code").asText()).isEqualTo("quota_exceeded");
        assertThat(rewind.chunks.keys(a.tenantId())).isEmpty();
    }

    @Test
    void theTenantReadsItsPlanAndCannotChangeIt() {
        // given a tenant the operator put on a plan of 120 chunks a minute and 500 sessions a month
        Rewind rewind = Emulator.freshRewind(MutableClock.now());
        Tenants.SignedUp a = Tenants.signUp(rewind, "Planned");
        TenantHandler handler = new TenantHandler(rewind);
        JsonNode before = Tenants.read(handler.handleRequest(
                ApiEvents.request("GET", "/v1/tenant").bearer(a.apiKey()).build(), null));
        rewind.tenants.update(rewind.tenants.find(a.tenantId()).orElseThrow().withPlan(new Plan(120, 500)));

        // when it reads its settings, then tries to raise its own plan
        JsonNode settings = Tenants.read(handler.handleRequest(
                ApiEvents.request("GET", "/v1/tenant").bearer(a.apiKey()).build(), null));
        APIGatewayV2HTTPResponse raised = handler.handleRequest(
                ApiEvents.request("PATCH", "/v1/tenant")
                        .bearer(a.apiKey())
                        .json("{\"plan\":{\"chunksPerMinute\":999999,\"sessionsPerMonth\":999999}}")
                        .build(),
                null);

        // then it sees the default plan first, then the operator's; its own change is refused and changes nothing
        assertThat(before.at("/plan/chunksPerMinute").asInt()).isEqualTo(Plan.DEFAULT_CHUNKS_PER_MINUTE);
        assertThat(before.at("/plan/sessionsPerMonth").asInt()).isEqualTo(Plan.DEFAULT_SESSIONS_PER_MONTH);
        assertThat(settings.at("/plan/chunksPerMinute").asInt()).isEqualTo(120);
        assertThat(settings.at("/plan/sessionsPerMonth").asInt()).isEqualTo(500);
        assertThat(raised.getStatusCode()).isEqualTo(400);
        assertThat(Tenants.read(raised).at("/error/code").asText()).isEqualTo("unknown_field");
        assertThat(rewind.tenants.find(a.tenantId()).orElseThrow().plan()).isEqualTo(new Plan(120, 500));
    }

    static APIGatewayV2HTTPEvent chunk(String key, String sessionId, int seq, MutableClock clock) {
        return ApiEvents.request("POST", "/v1/ingest")
                .query("key", key)
                .binary(
                        Chunks.gzip(Chunks.envelope(sessionId, seq, Chunks.events(clock.millis() - 5_000, 3))),
                        "application/x-www-form-urlencoded")
                .build();
    }
}
