package dev.rewind.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.AssetCalls;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad asset requests (docs/ASSETS.md, docs/openapi.yaml): each gets its documented 4xx
 * code and stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetBadInputIT {
    static final String SESSION = "asset-bad-input-session-01";
    static final String HASH = "a".repeat(64);

    /** One case: the route ("offer" or "commit"), the answer, and the request made with the tenant's ingest key. */
    record Case(String route, int status, String code, BiFunction<String, String, ApiEvents> request) {}

    private Rewind rewind;
    private AssetCalls calls;
    private Tenants.SignedUp tenant;
    private String restrictedKey;

    @BeforeAll
    void tenant() {
        rewind = Emulator.freshRewind(MutableClock.now());
        calls = new AssetCalls(rewind);
        tenant = Tenants.signUp(rewind, "Shop");
        Tenants.SignedUp restricted = Tenants.signUp(rewind, "Restricted");
        Tenants.patch(rewind, restricted.apiKey(), "{\"allowedOrigins\":[\"https://elsewhere.example\"]}");
        restrictedKey = restricted.ingestKey();
    }

    static String asset(String fields) {
        return "{\"sessionId\":\"" + SESSION + "\",\"assets\":[{" + fields + "}]}";
    }

    static final String GOOD =
            "\"url\":\"https://shop.example/a.png\",\"hash\":\"" + HASH + "\",\"size\":10,\"type\":\"image/png\"";

    static Case offer(int status, String code, String body) {
        return new Case("offer", status, code, (key, restricted) -> AssetCalls.offerRequest(key, body));
    }

    static Case commit(int status, String code, String body) {
        return new Case("commit", status, code, (key, restricted) -> AssetCalls.commitRequest(key, body));
    }

    static String many(int n) {
        return "{\"sessionId\":\"" + SESSION + "\",\"assets\":["
                + String.join(",", java.util.Collections.nCopies(n, "{" + GOOD + "}")) + "]}";
    }

    static final List<Named<Case>> CASES = List.of(
            Named.of(
                    "offer without a key",
                    new Case(
                            "offer",
                            401,
                            "missing_key",
                            (key, restricted) -> ApiEvents.request("POST", "/v1/assets")
                                    .header("origin", AssetCalls.ORIGIN)
                                    .text(asset(GOOD), "text/plain"))),
            Named.of(
                    "offer with an unknown key",
                    new Case(
                            "offer",
                            401,
                            "invalid_key",
                            (key, restricted) -> AssetCalls.offerRequest("pk_unknown0000000000000000", asset(GOOD)))),
            Named.of(
                    "offer from an origin the tenant does not allow",
                    new Case(
                            "offer",
                            403,
                            "origin_not_allowed",
                            (key, restricted) -> AssetCalls.offerRequest(restricted, asset(GOOD)))),
            Named.of("offer that is not JSON", offer(400, "invalid_json", "assets please")),
            Named.of("offer over 256 KB", offer(413, "body_too_large", "{\"pad\":\"" + "x".repeat(300_000) + "\"}")),
            Named.of("offer without a session id", offer(400, "invalid_session_id", "{\"assets\":[{" + GOOD + "}]}")),
            Named.of(
                    "offer with a bad session id",
                    offer(400, "invalid_session_id", "{\"sessionId\":\"short\",\"assets\":[{" + GOOD + "}]}")),
            Named.of(
                    "offer without assets",
                    offer(400, "invalid_asset", "{\"sessionId\":\"" + SESSION + "\",\"assets\":[]}")),
            Named.of(
                    "offer with a hash that is not SHA-256 hex",
                    offer(400, "invalid_asset", asset(GOOD.replace(HASH, "A".repeat(64))))),
            Named.of(
                    "offer with a URL that is not http(s)",
                    offer(
                            400,
                            "invalid_asset",
                            asset(GOOD.replace("https://shop.example/a.png", "javascript:alert(1)")))),
            Named.of(
                    "offer with a size of 0",
                    offer(400, "invalid_asset", asset(GOOD.replace("\"size\":10", "\"size\":0")))),
            Named.of("offer of 51 assets", offer(413, "too_many_assets", many(AssetLimits.MAX_ASSETS_PER_REQUEST + 1))),
            Named.of(
                    "offer of an asset over 4 MB",
                    offer(
                            413,
                            "asset_too_large",
                            asset(GOOD.replace("\"size\":10", "\"size\":" + (AssetLimits.MAX_ASSET_BYTES + 1))))),
            Named.of(
                    "offer of an HTML page",
                    offer(415, "asset_type_not_allowed", asset(GOOD.replace("image/png", "text/html")))),
            Named.of(
                    "offer of a script",
                    offer(415, "asset_type_not_allowed", asset(GOOD.replace("image/png", "application/javascript")))),
            Named.of(
                    "commit without a key",
                    new Case(
                            "commit",
                            401,
                            "missing_key",
                            (key, restricted) -> ApiEvents.request("POST", "/v1/assets/commit")
                                    .header("origin", AssetCalls.ORIGIN)
                                    .text(asset(GOOD), "text/plain"))),
            Named.of(
                    "commit with an unknown key",
                    new Case(
                            "commit",
                            401,
                            "invalid_key",
                            (key, restricted) -> AssetCalls.commitRequest("pk_unknown0000000000000000", asset(GOOD)))),
            Named.of(
                    "commit from an origin the tenant does not allow",
                    new Case(
                            "commit",
                            403,
                            "origin_not_allowed",
                            (key, restricted) -> AssetCalls.commitRequest(restricted, asset(GOOD)))),
            Named.of("commit that is not JSON", commit(400, "invalid_json", "[1,2]")),
            Named.of("commit over 256 KB", commit(413, "body_too_large", "{\"pad\":\"" + "x".repeat(300_000) + "\"}")),
            Named.of(
                    "commit with a bad session id",
                    commit(400, "invalid_session_id", "{\"sessionId\":\"../other\",\"assets\":[{" + GOOD + "}]}")),
            Named.of("commit with a bad hash", commit(400, "invalid_asset", asset(GOOD.replace(HASH, "../" + HASH)))),
            Named.of(
                    "commit of 51 assets",
                    commit(413, "too_many_assets", many(AssetLimits.MAX_ASSETS_PER_REQUEST + 1))));

    static Stream<Named<Case>> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsCodeAndStoresNothing(Case c) {
        APIGatewayV2HTTPResponse response = calls.call(c.request().apply(tenant.ingestKey(), restrictedKey));

        assertThat(response.getStatusCode()).isEqualTo(c.status());
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo(c.code());
        assertThat(rewind.chunks.keys(tenant.tenantId())).isEmpty();
    }
}
