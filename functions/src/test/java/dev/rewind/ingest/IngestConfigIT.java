package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.http.IngestApi;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.Tenants;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/ingest/config}: the browser may keep the answer for a session's later pages (docs/COST.md). */
class IngestConfigIT {
    private final Rewind rewind = Emulator.freshRewind(Clock.systemUTC());
    private final Tenants.SignedUp tenant = Tenants.signUp(rewind, "Config Cache");
    private final IngestHandler handler = new IngestHandler(rewind);

    private APIGatewayV2HTTPResponse config(String sessionId) {
        return handler.handleRequest(
                ApiEvents.request("GET", "/v1/ingest/config")
                        .query("key", tenant.ingestKey())
                        .query("sessionId", sessionId)
                        .build(),
                null);
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
    void aRefusedOriginIsShownToTheTenantNotSilentlyDropped() {
        // given a tenant that allows one origin
        Tenants.patch(rewind, tenant.apiKey(), "{\"allowedOrigins\":[\"https://shop.example.com\"]}");

        // when pages on another origin ask for their config, twice, and chunks are refused likewise
        for (int i = 0; i < 2; i++) {
            APIGatewayV2HTTPResponse refused = handler.handleRequest(
                    ApiEvents.request("GET", "/v1/ingest/config")
                            .query("key", tenant.ingestKey())
                            .query("sessionId", "refusedSession00000001")
                            .header("origin", "https://staging.shop.example.com")
                            .build(),
                    null);
            assertThat(refused.getStatusCode()).isEqualTo(403);
        }

        // then the tenant's settings name that origin once, with when it was refused; the allowed one is not there
        var settings = Tenants.read(new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/tenant")
                                .bearer(tenant.apiKey())
                                .build(),
                        null));
        assertThat(settings.get("refusedOrigins")).singleElement().satisfies(r -> {
            assertThat(r.get("origin").asText()).isEqualTo("https://staging.shop.example.com");
            assertThat(java.time.Instant.parse(r.get("lastRefusedAt").asText()))
                    .isBeforeOrEqualTo(java.time.Instant.now());
        });
        assertThat(settings.get("allowedOrigins").toString()).isEqualTo("[\"https://shop.example.com\"]");
    }

    @Test
    void theRecorderGetsTheTenantsAssetAndCanvasCaptureSettings() {
        // given a new tenant: every asset, no canvas
        var defaults = Tenants.read(config("captureSession00000001"));
        assertThat(defaults.get("captureAssets").asText()).isEqualTo("all");
        assertThat(defaults.get("recordCanvas").asBoolean()).isFalse();

        // when another tenant turns images off and canvas recording on (before its first config answer:
        // the ingest key cache keeps a tenant's settings for up to 30 s, IngestKeyCacheTest)
        Tenants.SignedUp other = Tenants.signUp(rewind, "Config Capture");
        Tenants.patch(rewind, other.apiKey(), "{\"captureAssets\":\"fonts_and_stylesheets\",\"recordCanvas\":true}");

        // then its recorder's config says so
        var changed = Tenants.read(handler.handleRequest(
                ApiEvents.request("GET", "/v1/ingest/config")
                        .query("key", other.ingestKey())
                        .query("sessionId", "captureSession00000002")
                        .build(),
                null));
        assertThat(changed.get("captureAssets").asText()).isEqualTo("fonts_and_stylesheets");
        assertThat(changed.get("recordCanvas").asBoolean()).isTrue();
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
