package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session's share links can be listed (ids and expiry, never tokens) and revoked one by one: a
 * revoked link stops working at once, the session and its other links stay (docs/openapi.yaml).
 */
class ShareLinksIT {
    private final MutableClock clock = MutableClock.now();

    @Test
    void shareLinksAreListedAndRevokedOneByOne() {
        // given a session with two share links
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shares");
        String sessionId = "shared-session-000001";
        int status = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .text(
                                        Chunks.envelope(sessionId, 0, Chunks.events(clock.millis() - 60_000, 3)),
                                        "text/plain;charset=UTF-8")
                                .build(),
                        null)
                .getStatusCode();
        assertThat(status).isEqualTo(202);
        SessionsHandler sessions = new SessionsHandler(rewind);
        JsonNode week = Tenants.read(call(
                sessions,
                ApiEvents.request("POST", "/v1/sessions/{id}/share")
                        .path("id", sessionId)
                        .bearer(tenant.apiKey())
                        .json("{\"expiresInHours\":168}")));
        JsonNode day = Tenants.read(call(
                sessions,
                ApiEvents.request("POST", "/v1/sessions/{id}/share")
                        .path("id", sessionId)
                        .bearer(tenant.apiKey())
                        .json("{\"expiresInHours\":24}")));

        // when the owner lists them
        JsonNode listed = Tenants.read(call(
                sessions,
                ApiEvents.request("GET", "/v1/sessions/{id}/shares")
                        .path("id", sessionId)
                        .bearer(tenant.apiKey())));

        // then both are there, the one expiring last first, by id and expiry only
        assertThat(ids(listed))
                .containsExactly(week.get("id").asText(), day.get("id").asText());
        assertThat(listed.get("shares").get(0).get("expiresAt").asText())
                .isEqualTo(week.get("expiresAt").asText());
        assertThat(listed.toString())
                .doesNotContain(week.get("token").asText())
                .doesNotContain(day.get("token").asText());

        // when one is revoked
        APIGatewayV2HTTPResponse revoked = call(
                sessions,
                ApiEvents.request("DELETE", "/v1/sessions/{id}/shares/{shareId}")
                        .path("id", sessionId)
                        .path("shareId", day.get("id").asText())
                        .bearer(tenant.apiKey()));

        // then it stops working at once; the other link and the session stay
        assertThat(revoked.getStatusCode()).isEqualTo(204);
        assertThat(call(
                                sessions,
                                ApiEvents.request("GET", "/v1/shares/{token}")
                                        .path("token", day.get("token").asText()))
                        .getStatusCode())
                .isEqualTo(404);
        assertThat(call(
                                sessions,
                                ApiEvents.request("GET", "/v1/shares/{token}")
                                        .path("token", week.get("token").asText()))
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(ids(Tenants.read(call(
                        sessions,
                        ApiEvents.request("GET", "/v1/sessions/{id}/shares")
                                .path("id", sessionId)
                                .bearer(tenant.apiKey())))))
                .containsExactly(week.get("id").asText());

        // and revoking it again, a malformed id, or the links of a session that is not there are refused plainly
        assertError(
                call(
                        sessions,
                        ApiEvents.request("DELETE", "/v1/sessions/{id}/shares/{shareId}")
                                .path("id", sessionId)
                                .path("shareId", day.get("id").asText())
                                .bearer(tenant.apiKey())),
                404,
                "not_found");
        assertError(
                call(
                        sessions,
                        ApiEvents.request("DELETE", "/v1/sessions/{id}/shares/{shareId}")
                                .path("id", sessionId)
                                .path("shareId", "not-a-share-id")
                                .bearer(tenant.apiKey())),
                400,
                "invalid_share_id");
        assertError(
                call(
                        sessions,
                        ApiEvents.request("GET", "/v1/sessions/{id}/shares")
                                .path("id", "no-such-session-000001")
                                .bearer(tenant.apiKey())),
                404,
                "not_found");
        assertError(
                call(
                        sessions,
                        ApiEvents.request("GET", "/v1/sessions/{id}/shares")
                                .path("id", "bad/id")
                                .bearer(tenant.apiKey())),
                400,
                "invalid_session_id");
    }

    private static APIGatewayV2HTTPResponse call(SessionsHandler sessions, ApiEvents request) {
        return sessions.handleRequest(request.build(), null);
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(Tenants.read(response).path("error").path("code").asText()).isEqualTo(code);
    }

    private static List<String> ids(JsonNode listed) {
        List<String> ids = new ArrayList<>();
        listed.get("shares").forEach(share -> ids.add(share.get("id").asText()));
        return ids;
    }
}
