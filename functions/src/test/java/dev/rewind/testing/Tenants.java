package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TenantHandler;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Signs tenants up and changes their settings through the real handlers. */
public final class Tenants {
    private Tenants() {}

    /** A tenant as signup returned it. */
    public record SignedUp(String tenantId, String ingestKey, String apiKey, String snippet) {}

    public static SignedUp signUp(Rewind rewind, String organization) {
        APIGatewayV2HTTPResponse response = new SignupHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/signup")
                                .json("{\"email\":\"owner@"
                                        + organization.toLowerCase().replaceAll("[^a-z]", "")
                                        + ".example\",\"organization\":\"" + organization + "\"}")
                                .build(),
                        null);
        JsonNode body = read(response);
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("signup failed: " + response.getBody());
        }
        return new SignedUp(
                body.get("tenantId").asText(),
                body.get("ingestKey").asText(),
                body.get("apiKey").asText(),
                body.get("snippet").asText());
    }

    public static JsonNode patch(Rewind rewind, String apiKey, String settingsJson) {
        APIGatewayV2HTTPResponse response = new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("PATCH", "/v1/tenant")
                                .bearer(apiKey)
                                .json(settingsJson)
                                .build(),
                        null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("patch failed: " + response.getBody());
        }
        return read(response);
    }

    /** Rotates a key and returns the new one. */
    public static String rotate(Rewind rewind, String apiKey, String kind) {
        APIGatewayV2HTTPResponse response = new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/keys/{kind}/rotate")
                                .path("kind", kind)
                                .bearer(apiKey)
                                .build(),
                        null);
        return read(response).get("key").asText();
    }

    public static JsonNode read(APIGatewayV2HTTPResponse response) {
        try {
            return response.getBody() == null ? Json.object() : Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
