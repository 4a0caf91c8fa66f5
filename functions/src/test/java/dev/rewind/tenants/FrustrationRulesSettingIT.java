package dev.rewind.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frustration thresholds are a tenant setting ({@code PATCH /v1/tenant frustrationRules}):
 * validated with a 400 that changes nothing, stored, and applied to what is ingested afterwards.
 */
class FrustrationRulesSettingIT {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final Rewind rewind = Emulator.freshRewind(clock);

    @Test
    void aNewTenantHasTheDefaultRules() {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Defaults");

        JsonNode rules = get(tenant).get("frustrationRules");

        assertThat(rules.get("rageMinClicks").asInt()).isEqualTo(3);
        assertThat(rules.get("rageMaxIntervalMs").asInt()).isEqualTo(1000);
        assertThat(rules.get("rageRadiusPx").asInt()).isEqualTo(30);
        assertThat(rules.get("deadWindowMs").asInt()).isEqualTo(2500);
        assertThat(rules.get("deadScrollWindowMs").asInt()).isEqualTo(100);
        assertThat(rules.get("errorClickWindowMs").asInt()).isEqualTo(1000);
        assertThat(rules.get("quickBackWindowMs").asInt()).isEqualTo(5000);
        assertThat(rules.get("excessiveScrollReversals").asInt()).isEqualTo(4);
        assertThat(rules.get("excessiveScrollWindowMs").asInt()).isEqualTo(10000);
    }

    @Test
    void thePageSignalsThresholdsArePatchedLikeTheOthers() {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Slow readers");

        Tenants.patch(
                rewind,
                tenant.apiKey(),
                "{\"frustrationRules\":{\"quickBackWindowMs\":20000,\"excessiveScrollReversals\":6}}");

        JsonNode stored = get(tenant).get("frustrationRules");
        assertThat(stored.get("quickBackWindowMs").asInt()).isEqualTo(20000);
        assertThat(stored.get("excessiveScrollReversals").asInt()).isEqualTo(6);
        assertThat(stored.get("excessiveScrollWindowMs").asInt()).isEqualTo(10000);
        assertThat(stored.get("deadWindowMs").asInt()).isEqualTo(2500);
    }

    @Test
    void aPatchChangesTheNamedThresholdsAndKeepsTheOthers() {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Patient");

        JsonNode answered = Tenants.patch(
                rewind, tenant.apiKey(), "{\"frustrationRules\":{\"deadWindowMs\":5000,\"rageRadiusPx\":100}}");
        Tenants.patch(rewind, tenant.apiKey(), "{\"sampleRate\":0.5}");

        JsonNode stored = get(tenant).get("frustrationRules");
        assertThat(answered.get("frustrationRules")).isEqualTo(stored);
        assertThat(stored.get("deadWindowMs").asInt()).isEqualTo(5000);
        assertThat(stored.get("rageRadiusPx").asInt()).isEqualTo(100);
        assertThat(stored.get("rageMinClicks").asInt()).isEqualTo(3);
        assertThat(stored.get("errorClickWindowMs").asInt()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"frustrationRules\":{\"rageMinClicks\":1}}",
                "{\"frustrationRules\":{\"rageMinClicks\":11}}",
                "{\"frustrationRules\":{\"rageMinClicks\":3.5}}",
                "{\"frustrationRules\":{\"rageMinClicks\":\"4\"}}",
                "{\"frustrationRules\":{\"rageMaxIntervalMs\":99}}",
                "{\"frustrationRules\":{\"rageRadiusPx\":-1}}",
                "{\"frustrationRules\":{\"rageRadiusPx\":99999999999}}",
                "{\"frustrationRules\":{\"deadWindowMs\":60000}}",
                "{\"frustrationRules\":{\"deadScrollWindowMs\":null}}",
                "{\"frustrationRules\":{\"errorClickWindowMs\":10001}}",
                "{\"frustrationRules\":{\"quickBackWindowMs\":999}}",
                "{\"frustrationRules\":{\"quickBackWindowMs\":30001}}",
                "{\"frustrationRules\":{\"excessiveScrollReversals\":1}}",
                "{\"frustrationRules\":{\"excessiveScrollReversals\":21}}",
                "{\"frustrationRules\":{\"excessiveScrollWindowMs\":1999}}",
                "{\"frustrationRules\":{\"rageClicks\":4}}",
                "{\"frustrationRules\":[3,1000]}",
                "{\"frustrationRules\":null}",
                "{\"frustrationRules\":{\"deadWindowMs\":5000,\"rageMinClicks\":0}}",
                "{\"sampleRate\":0.5,\"frustrationRules\":{\"rageMinClicks\":0}}",
            })
    void badThresholdsAreRefusedAndChangeNothing(String body) {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Careless");
        JsonNode before = get(tenant);

        APIGatewayV2HTTPResponse response = patch(tenant, body);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo("invalid_frustration_rules");
        assertThat(get(tenant)).isEqualTo(before);
    }

    @Test
    void anImportIsJudgedByItsTenantsRules() throws IOException {
        Tenants.SignedUp strict = Tenants.signUp(rewind, "Default rules");
        Tenants.SignedUp lenient = Tenants.signUp(rewind, "Lenient rules");
        // the journey's burst has 4 clicks, and the button never answers: a rage click under the
        // default rules (not also a dead one), a dead click when 4 clicks are too few to rage
        Tenants.patch(rewind, lenient.apiKey(), "{\"frustrationRules\":{\"rageMinClicks\":5}}");

        assertThat(importedFlags(strict, "place-order-rage-plain.json")).containsExactly("rage_click");
        assertThat(importedFlags(lenient, "place-order-rage-plain.json")).containsExactly("dead_click");
    }

    @Test
    void liveChunksAreJudgedByTheRulesStoredForTheIngestKey() throws IOException {
        Tenants.SignedUp patient = Tenants.signUp(rewind, "Patient shop");
        Tenants.SignedUp hasty = Tenants.signUp(rewind, "Hasty shop");
        // "Archive" answers after 3 s: dead under the default 2.5 s, answered under a 5 s window
        Tenants.patch(rewind, patient.apiKey(), "{\"frustrationRules\":{\"deadWindowMs\":5000}}");
        // the ingest key's tenant is read after the patch (a server that cached it takes up to 30 s)
        Rewind freshServer = Rewind.create(rewind.config, clock);

        assertThat(ingestedFlags(freshServer, patient, "archive-after-3s.json")).isEmpty();
        assertThat(ingestedFlags(freshServer, hasty, "archive-after-3s.json")).containsExactly("dead_click");
    }

    private List<String> importedFlags(Tenants.SignedUp tenant, String journey) throws IOException {
        ObjectNode body = Json.object();
        body.set("events", journey(journey).get("events"));
        APIGatewayV2HTTPResponse imported = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(tenant.apiKey())
                                .json(body.toString())
                                .build(),
                        null);
        assertThat(imported.getStatusCode()).as(imported.getBody()).isEqualTo(201);
        return flags(rewind, tenant, Tenants.read(imported).get("sessionId").asText());
    }

    /** The journey as one live chunk, its timestamps moved to end now. */
    private List<String> ingestedFlags(Rewind server, Tenants.SignedUp tenant, String journey) throws IOException {
        JsonNode events = journey(journey).get("events").deepCopy();
        long shift =
                clock.millis() - events.get(events.size() - 1).get("timestamp").asLong();
        events.forEach(event ->
                ((ObjectNode) event).put("timestamp", event.get("timestamp").asLong() + shift));
        String sessionId = "s_rules_" + tenant.tenantId().replaceAll("[^A-Za-z0-9]", "");
        ingest(server, tenant, Chunks.envelope(sessionId, 0, events.toString()));
        return flags(server, tenant, sessionId);
    }

    private void ingest(Rewind server, Tenants.SignedUp tenant, String envelope) {
        APIGatewayV2HTTPResponse response = new IngestHandler(server)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .binary(Chunks.gzip(envelope), "application/x-www-form-urlencoded")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    }

    private static List<String> flags(Rewind server, Tenants.SignedUp tenant, String sessionId) {
        APIGatewayV2HTTPResponse detail = new SessionsHandler(server)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", sessionId)
                                .bearer(tenant.apiKey())
                                .build(),
                        null);
        assertThat(detail.getStatusCode()).as(detail.getBody()).isEqualTo(200);
        List<String> flags = new ArrayList<>();
        Tenants.read(detail).get("flags").forEach(flag -> flags.add(flag.asText()));
        return flags;
    }

    private static JsonNode journey(String name) throws IOException {
        return Json.MAPPER.readTree(new File("src/test/resources/journeys/" + name));
    }

    private JsonNode get(Tenants.SignedUp tenant) {
        return Tenants.read(new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/tenant")
                                .bearer(tenant.apiKey())
                                .build(),
                        null));
    }

    private APIGatewayV2HTTPResponse patch(Tenants.SignedUp tenant, String body) {
        return new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("PATCH", "/v1/tenant")
                                .bearer(tenant.apiKey())
                                .json(body)
                                .build(),
                        null);
    }
}
