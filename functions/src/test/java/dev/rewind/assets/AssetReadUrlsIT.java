package dev.rewind.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.AssetCalls;
import dev.rewind.testing.AssetCalls.Asset;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay's URLs of stored copies (docs/ASSETS.md, "Replay"): issued for the validity the wiring sets,
 * and the session detail says how long that is, so the player renews them in time.
 */
class AssetReadUrlsIT {
    private static final String SESSION = "asset-urls-session-000001";
    private static final Asset PHOTO =
            new Asset("https://shop.example/img/late.png", "png bytes".getBytes(StandardCharsets.UTF_8), "image/png");

    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final AssetCalls calls = new AssetCalls(rewind);

    private static long expiresSeconds(String url) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith("X-Amz-Expires=")) {
                return Long.parseLong(pair.substring("X-Amz-Expires=".length()));
            }
        }
        throw new AssertionError("not a presigned URL: " + url);
    }

    private Tenants.SignedUp tenantWithACopy() {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        calls.startSession(tenant.ingestKey(), SESSION, clock.millis() - 10_000);
        JsonNode uploads = calls.offer(tenant.ingestKey(), SESSION, PHOTO);
        assertThat(AssetCalls.put(uploads.get(0), PHOTO.bytes(), PHOTO.type())).isEqualTo(200);
        assertThat(calls.commit(tenant.ingestKey(), SESSION, PHOTO).values()).containsOnly("stored");
        return tenant;
    }

    @Test
    void copiesIssuedWithAShortValidityAreSignedForExactlyThatLongAndStillRead() {
        // given a session whose page's picture is stored
        Tenants.SignedUp signedUp = tenantWithACopy();
        Tenant tenant = rewind.tenants.find(signedUp.tenantId()).orElseThrow();

        // when the copies are issued for 30 seconds
        Assets shortLived = new Assets(rewind.assetStore, rewind.chunks, clock, Duration.ofSeconds(30));
        Map<String, String> copies = shortLived.storedCopies(
                tenant, rewind.sessions.load(tenant.tenantId(), SESSION).orElseThrow());

        // then the URL is signed for 30 seconds (S3 refuses it after that) and reads the copy meanwhile
        assertThat(shortLived.readUrlValidity()).isEqualTo(Duration.ofSeconds(30));
        assertThat(copies).containsOnlyKeys(PHOTO.url());
        assertThat(expiresSeconds(copies.get(PHOTO.url()))).isEqualTo(30);
        assertThat(AssetCalls.get(copies.get(PHOTO.url()))).isEqualTo(PHOTO.bytes());
    }

    @Test
    void theSessionDetailSaysHowLongItsCopiesUrlsWork() {
        // given a session whose page's picture is stored
        Tenants.SignedUp tenant = tenantWithACopy();

        // when the console reads the session
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", SESSION)
                                .bearer(tenant.apiKey())
                                .build(),
                        null);

        // then it says for how long, and each copy's URL is signed for exactly that
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Tenants.read(response);
        long validFor = body.get("assetsValidForSeconds").asLong();
        assertThat(validFor).isEqualTo(rewind.assets.readUrlValidity().toSeconds());
        assertThat(expiresSeconds(body.get("assets").get(PHOTO.url()).asText())).isEqualTo(validFor);
    }

    @Test
    void theValidityOverrideIsWholeSecondsOrTheDefault() {
        assertThat(AssetLimits.readUrlValidity(null)).isEqualTo(AssetLimits.READ_URL_VALIDITY);
        assertThat(AssetLimits.readUrlValidity(" ")).isEqualTo(AssetLimits.READ_URL_VALIDITY);
        assertThat(AssetLimits.readUrlValidity("12")).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> AssetLimits.readUrlValidity("0")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AssetLimits.readUrlValidity("an hour")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Assets(rewind.assetStore, rewind.chunks, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
