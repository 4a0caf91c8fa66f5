package dev.rewind.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.http.IngestApi;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.Tenants;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/ingest/config}: the browser may keep the answer for a session's later pages (docs/COST.md). */
class IngestConfigIT {
    private final Rewind rewind = Emulator.freshRewind(Clock.systemUTC());
    private final Tenants.SignedUp tenant = Tenants.signUp(rewind, "Config Cache");
    private final IngestHandler handler = new IngestHandler(rewind);

    private APIGatewayV2HTTPResponse config(String sessionId) {
        return handler.handleRequest(ApiEvents.request("GET", "/v1/ingest/config")
                .query("key", tenant.ingestKey()).query("sessionId", sessionId).build(), null);
    }

    @Test
    void theConfigAnswerMayBeCachedPrivatelyForFiveMinutes() {
        // when the recorder asks for a session's config
        APIGatewayV2HTTPResponse response = config("cachedSession0000000001");

        // then the browser may answer the session's later pages from its cache, for a bounded time
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("cache-control", "private, max-age=300");
        assertThat(IngestApi.CONFIG_MAX_AGE_SECONDS).isEqualTo(300);
    }

    @Test
    void aRefusedConfigRequestIsNeverCached() {
        // when the session id is bad
        APIGatewayV2HTTPResponse response = config("bad");

        // then the refusal is not kept
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
    }
}
