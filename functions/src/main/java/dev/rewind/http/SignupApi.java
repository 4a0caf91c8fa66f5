package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.RewindConfig;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Snippet;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;

import java.time.Clock;

/** {@code POST /v1/signup}: a new tenant, its keys (the api key is shown only here) and its snippet. */
public final class SignupApi extends ApiHandler {
    private final TenantStore tenants;
    private final Clock clock;
    private final RewindConfig config;

    public SignupApi(TenantStore tenants, Clock clock, RewindConfig config) {
        this.tenants = tenants;
        this.clock = clock;
        this.config = config;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        if (!"POST /v1/signup".equals(routeKey)) {
            throw unknownRoute(routeKey);
        }
        JsonNode body = Requests.jsonBody(event);
        String email = text(body, "email", 254);
        String organization = text(body, "organization", 100);
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiException.badRequest("invalid_email", "email is not an email address");
        }
        Tenant tenant = Tenant.create("t_" + Keys.newId(), organization, email, clock.millis());
        String ingestKey = Keys.newKey(KeyKind.INGEST);
        String apiKey = Keys.newKey(KeyKind.API);
        tenants.create(tenant, Keys.hash(ingestKey), Keys.hash(apiKey));
        Log.info("tenant_created", "tenantId", tenant.tenantId());
        return Responses.json(201, Json.object()
                .put("tenantId", tenant.tenantId())
                .put("ingestKey", ingestKey)
                .put("apiKey", apiKey)
                .put("snippet", Snippet.forTenant(ingestKey, config.publicApiUrl(), config.sdkUrl())));
    }

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("invalid_" + field, field + " is required");
        }
        if (value.asText().length() > maxLength) {
            throw ApiException.badRequest("invalid_" + field, field + " is longer than " + maxLength + " characters");
        }
        return value.asText().trim();
    }
}
