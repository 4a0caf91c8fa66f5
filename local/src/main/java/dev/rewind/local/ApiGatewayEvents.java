package dev.rewind.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.rewind.common.Utf8;
import dev.rewind.http.Routes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an HTTP request into the event API Gateway HTTP API (payload format 2.0) would hand the
 * Lambda: raw path and query, lower-cased headers with repeats joined by commas, cookies split out,
 * repeated query parameters joined by commas, path parameters of the matched route, and a body that is
 * base64-encoded unless its content type is text ({@code text/*}, JSON). A "text" body that is not
 * UTF-8 is base64-encoded too: decoded into a string, its bad bytes would turn into U+FFFD and the
 * handler could no longer tell them from what was sent, so it gets the bytes and refuses them
 * ({@code invalid_utf8}, docs/INGEST.md).
 */
public final class ApiGatewayEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {}

    /** One incoming HTTP request, as the local server read it. */
    public record HttpRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String sourceIp) {}

    public static APIGatewayV2HTTPEvent toEvent(
            HttpRequest request, Routes.Route route, Map<String, String> pathParameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        Map<String, String> query = parseQuery(rawQuery);
        Instant now = Instant.now();
        boolean base64 =
                request.body().length > 0 && (!isText(headers.get("content-type")) || !Utf8.isValid(request.body()));
        String body = request.body().length == 0
                ? null
                : base64
                        ? Base64.getEncoder().encodeToString(request.body())
                        : new String(request.body(), StandardCharsets.UTF_8);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(request.rawPath())
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "localhost"))
                        .withDomainPrefix("localhost")
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .withBody(body)
                .withIsBase64Encoded(base64)
                .build();
    }

    /** API Gateway passes text/* and JSON bodies as strings and base64-encodes everything else. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return mime.startsWith("text/") || mime.equals("application/json") || mime.endsWith("+json");
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
