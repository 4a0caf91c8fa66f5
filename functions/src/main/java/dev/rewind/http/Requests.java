package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import dev.rewind.common.Utf8;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads what a handler needs from an API Gateway HTTP API (payload 2.0) event. */
public final class Requests {
    private Requests() {}

    /** The raw body bytes, undoing API Gateway's base64 encoding of non-text content types. */
    public static byte[] bodyBytes(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_body", "body is not valid base64");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public static JsonNode jsonBody(APIGatewayV2HTTPEvent event) {
        byte[] bytes = bodyBytes(event);
        if (bytes.length == 0) {
            throw ApiException.badRequest("invalid_json", "request body must be a JSON object");
        }
        if (!Utf8.isValid(bytes)) {
            throw ApiException.badRequest("invalid_json", "request body is not valid UTF-8");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("invalid_json", "request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid JSON");
        }
    }

    public static String header(APIGatewayV2HTTPEvent event, String lowerCaseName) {
        Map<String, String> headers = event.getHeaders();
        return headers == null ? null : headers.get(lowerCaseName);
    }

    public static String query(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    public static String pathParameter(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("missing_parameter", "path parameter " + name + " is missing");
        }
        return value;
    }

    /** The caller's address as API Gateway saw it (for the audit log), or null. */
    public static String sourceIp(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null
                ? null
                : context.getHttp().getSourceIp();
    }

    /** Who the request comes from: its bearer credential and, for a user, the X-Rewind-Tenant it acts on. */
    public static Caller caller(Access access, APIGatewayV2HTTPEvent event) {
        return access.caller(bearerToken(event), header(event, "x-rewind-tenant"), sourceIp(event));
    }

    /** The signed-in user of a route that acts on the user rather than on one tenant. */
    public static User user(Access access, APIGatewayV2HTTPEvent event) {
        return access.user(bearerToken(event));
    }

    /** The credential of {@code Authorization: Bearer <apiKey or token>}, or null. */
    public static String bearerToken(APIGatewayV2HTTPEvent event) {
        String authorization = header(event, "authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
