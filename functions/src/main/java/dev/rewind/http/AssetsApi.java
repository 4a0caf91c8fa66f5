package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.assets.Assets;
import dev.rewind.common.Json;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/assets} and {@code POST /v1/assets/commit}: the recorder offers the assets a page used
 * and gets uploads for the ones its tenant lacks, then commits what it uploaded (docs/ASSETS.md,
 * docs/openapi.yaml). Authenticated as ingest is: the ingest key and the tenant's allowed origins.
 */
public final class AssetsApi extends ApiHandler {
    /** A request names at most 50 assets: a few KB of JSON; more is not a recorder's. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final IngestKeyAuth auth;
    private final Assets assets;

    public AssetsApi(TenantStore tenants, Assets assets, Clock clock) {
        this.auth = new IngestKeyAuth(tenants, clock);
        this.assets = assets;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/assets" -> offer(event);
            case "POST /v1/assets/commit" -> commit(event);
            default -> throw unknownRoute(routeKey);
        };
    }

    private APIGatewayV2HTTPResponse offer(APIGatewayV2HTTPEvent event) {
        Tenant tenant = auth.tenantFor(event);
        JsonNode body = body(event);
        // the session that asks (the protocol's, docs/ASSETS.md); its recorder names the copies in its recording
        Assets.requireSessionId(body.path("sessionId").asText(null));
        ObjectNode answer = Json.object();
        ArrayNode uploads = answer.putArray("uploads");
        for (Assets.Upload upload : assets.offer(tenant, body)) {
            ObjectNode node = uploads.addObject().put("hash", upload.hash()).put("url", upload.url());
            ObjectNode headers = node.putObject("headers");
            upload.headers().forEach(headers::put);
        }
        return Responses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse commit(APIGatewayV2HTTPEvent event) {
        Tenant tenant = auth.tenantFor(event);
        JsonNode body = body(event);
        Assets.requireSessionId(body.path("sessionId").asText(null));
        ObjectNode answer = Json.object();
        ArrayNode results = answer.putArray("assets");
        for (Map.Entry<String, Assets.Check> check : assets.commit(tenant, body).entrySet()) {
            results.addObject()
                    .put("hash", check.getKey())
                    .put("result", check.getValue().name().toLowerCase(Locale.ROOT));
        }
        return Responses.json(200, answer);
    }

    private static JsonNode body(APIGatewayV2HTTPEvent event) {
        if (Requests.bodyBytes(event).length > MAX_BODY_BYTES) {
            throw new ApiException(413, "body_too_large", "an assets request has at most " + MAX_BODY_BYTES + " bytes");
        }
        return Requests.jsonBody(event);
    }
}
