package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import org.junit.jupiter.api.Test;

/**
 * A copied tab's recorder starts a session of its own and names the one it was opened from in the
 * chunk meta (docs/INGEST.md, "Copied tabs"): the session keeps it, and the API shows it.
 */
class SessionOpenerIT {
    private final MutableClock clock = MutableClock.now();

    @Test
    void aSessionOpenedFromAnotherNamesItInTheApi() {
        // given a session, and a second one whose chunks name the first as their opener
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Tabs");
        IngestHandler ingest = new IngestHandler(rewind);
        long start = clock.millis() - 60_000;
        String opener = "opener-tab-session-01";
        String opened = "opened-tab-session-01";
        send(ingest, tenant, Chunks.envelope(opener, 0, Chunks.events(start, 3)));
        send(
                ingest,
                tenant,
                withMeta(
                        opened,
                        0,
                        start + 5_000,
                        "{\"url\":\"https://shop.example/\",\"openerSessionId\":\"" + opener + "\"}"));
        // a later chunk naming another opener does not change it
        send(ingest, tenant, withMeta(opened, 1, start + 10_000, "{\"openerSessionId\":\"someone-else-entirely\"}"));

        // when the console reads both
        SessionsHandler sessions = new SessionsHandler(rewind);
        JsonNode detail = Tenants.read(sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions/{id}")
                        .path("id", opened)
                        .bearer(tenant.apiKey())
                        .build(),
                null));
        JsonNode openerDetail = Tenants.read(sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions/{id}")
                        .path("id", opener)
                        .bearer(tenant.apiKey())
                        .build(),
                null));
        JsonNode list = Tenants.read(sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions").bearer(tenant.apiKey()).build(), null));

        // then the opened session names its opener, in the detail and in the list
        assertThat(detail.get("openerSessionId").asText()).isEqualTo(opener);
        assertThat(openerDetail.get("openerSessionId").isNull()).isTrue();
        assertThat(list.get("sessions")).anySatisfy(s -> {
            assertThat(s.get("sessionId").asText()).isEqualTo(opened);
            assertThat(s.get("openerSessionId").asText()).isEqualTo(opener);
        });
    }

    private static String withMeta(String sessionId, int seq, long start, String meta) {
        return "{\"sessionId\":\"" + sessionId + "\",\"seq\":" + seq + ",\"meta\":" + meta + ",\"events\":"
                + Chunks.events(start, 3) + "}";
    }

    private static void send(IngestHandler ingest, Tenants.SignedUp tenant, String body) {
        int status = ingest.handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .text(body, "text/plain;charset=UTF-8")
                                .build(),
                        null)
                .getStatusCode();
        assertThat(status).isEqualTo(202);
    }
}
