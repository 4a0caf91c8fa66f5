package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import java.util.HashMap;
import java.util.Map;

/** Builds the API's JSON responses; the only place that knows the error shape. */
public final class Responses {
    private Responses() {}

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers())
                .withBody(Json.write(body))
                .build();
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(204)
                .withHeaders(headers())
                .build();
    }

    public static APIGatewayV2HTTPResponse error(ApiException e) {
        ObjectNode error = Json.object();
        error.putObject("error").put("code", e.code()).put("message", e.getMessage());
        APIGatewayV2HTTPResponse response = json(e.status(), error);
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().put("retry-after", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        return headers;
    }
}
