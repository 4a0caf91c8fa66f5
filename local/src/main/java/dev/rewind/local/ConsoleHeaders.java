package dev.rewind.local;

import dev.rewind.http.ConsolePolicy;
import dev.rewind.http.Routes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers CloudFront's response policy and API Gateway's CORS add in AWS, added here locally. */
final class ConsoleHeaders {
    private ConsoleHeaders() {}

    static String contentSecurityPolicy(String chunkOrigin) {
        return ConsolePolicy.contentSecurityPolicy(chunkOrigin, "");
    }

    static Map<String, String> page(String csp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", csp);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.put("Cache-Control", "no-cache");
        return headers;
    }

    static Map<String, String> preflight() {
        Map<String, String> headers = new LinkedHashMap<>(corsResponse());
        headers.put("Access-Control-Allow-Methods", String.join(",", Routes.Cors.ALLOW_METHODS));
        headers.put("Access-Control-Allow-Headers", String.join(",", Routes.Cors.ALLOW_HEADERS));
        headers.put("Access-Control-Max-Age", String.valueOf(Routes.Cors.MAX_AGE_SECONDS));
        return headers;
    }

    static Map<String, String> corsResponse() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", String.join(",", Routes.Cors.ALLOW_ORIGINS));
        headers.put("Access-Control-Expose-Headers", String.join(",", Routes.Cors.EXPOSE_HEADERS));
        return headers;
    }
}
