package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds API Gateway HTTP API (payload 2.0) events the way API Gateway would deliver them. */
public final class ApiEvents {
    private final String method;
    private final String routePath;
    private String rawPath;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new HashMap<>();
    private byte[] body;
    private boolean base64;

    private ApiEvents(String method, String routePath) {
        this.method = method;
        this.routePath = routePath;
        this.rawPath = routePath;
        headers.put(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
    }

    /** A request to a route, e.g. {@code request("GET", "/v1/sessions/{id}")}. */
    public static ApiEvents request(String method, String routePath) {
        return new ApiEvents(method, routePath);
    }

    public ApiEvents path(String name, String value) {
        pathParameters.put(name, value);
        rawPath = rawPath.replace("{" + name + "}", value);
        return this;
    }

    public ApiEvents header(String name, String value) {
        headers.put(name.toLowerCase(), value);
        return this;
    }

    public ApiEvents bearer(String apiKey) {
        return header("authorization", "Bearer " + apiKey);
    }

    public ApiEvents query(String name, String value) {
        query.merge(name, value, (a, b) -> a + "," + b);
        return this;
    }

    public ApiEvents json(String json) {
        header("content-type", "application/json");
        body = json.getBytes(StandardCharsets.UTF_8);
        base64 = false;
        return this;
    }

    /** A binary body: API Gateway base64-encodes bodies whose content type is not text. */
    public ApiEvents binary(byte[] bytes, String contentType) {
        header("content-type", contentType);
        body = bytes;
        base64 = true;
        return this;
    }

    public ApiEvents text(String text, String contentType) {
        header("content-type", contentType);
        body = text.getBytes(StandardCharsets.UTF_8);
        base64 = false;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> {
            for (String part : v.split(",")) {
                if (raw.length() > 0) raw.append('&');
                raw.append(k).append('=').append(part);
            }
        });
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + routePath)
                .withRawPath(rawPath)
                .withRawQueryString(raw.toString())
                .withHeaders(new HashMap<>(headers))
                .withQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                .withPathParameters(pathParameters.isEmpty() ? null : new HashMap<>(pathParameters))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(method + " " + routePath)
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .withBody(
                        body == null
                                ? null
                                : base64
                                        ? Base64.getEncoder().encodeToString(body)
                                        : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .build();
    }
}
