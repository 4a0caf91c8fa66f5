package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input outside ingest gets its 4xx before anything is stored: it never reaches storage as a
 * request the store refuses (which the API answers as an outage, 503 + Retry-After, retried forever),
 * and never wraps round into something valid. Ingest's own catalogue is {@code IngestBadInputIT}.
 */
class BadInputIsNotAnOutageIT {
    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final Tenants.SignedUp tenant = Tenants.signUp(rewind, "Careful");

    private APIGatewayV2HTTPResponse patch(ApiEvents request) {
        return new TenantHandler(rewind)
                .handleRequest(request.bearer(tenant.apiKey()).build(), null);
    }

    private static String origins(List<String> origins) {
        return "{\"allowedOrigins\":[\"" + String.join("\",\"", origins) + "\"]}";
    }

    @Test
    void fiftyHugeOriginsAreRefusedAsBadInputNotAsAnOutageWhileTheLongestRealOnesFit() {
        // given fifty origins of 9.6 KB each: 480 KB, more than a DynamoDB item holds
        List<String> huge = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            huge.add("https://" + (char) ('a' + i % 26) + i + "x".repeat(9_600) + ".example");
        }

        // when they are set
        APIGatewayV2HTTPResponse response =
                patch(ApiEvents.request("PATCH", "/v1/tenant").json(origins(huge)));

        // then the answer is a 400 with its code, and the tenant is unchanged
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo("invalid_allowed_origins");
        assertThat(response.getHeaders()).doesNotContainKey("retry-after");
        assertThat(rewind.tenants.find(tenant.tenantId()).orElseThrow().allowedOrigins())
                .isEmpty();

        // and fifty origins as long as an origin gets (a 253-character DNS name, a 5-digit port) fit and are stored
        List<String> longest = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String label = String.format("o%02d", i) + "x".repeat(60);
            String host = label + "." + "y".repeat(63) + "." + "z".repeat(63) + "." + "w".repeat(61);
            longest.add("https://" + host + ":65535");
        }
        assertThat(longest.get(0)).hasSize(267);
        APIGatewayV2HTTPResponse accepted =
                patch(ApiEvents.request("PATCH", "/v1/tenant").json(origins(longest)));
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(rewind.tenants.find(tenant.tenantId()).orElseThrow().allowedOrigins())
                .isEqualTo(longest);
    }

    @Test
    void aSettingsBodyThatIsNotUtf8IsRefused() {
        // an overlong "/" (C0 AF) that a lenient decoder would read as "/"
        byte[] body = "{\"allowedOrigins\":[\"https://shop.example\u0001\"]}".getBytes(StandardCharsets.UTF_8);
        byte[] overlong = new byte[body.length + 1];
        for (int i = 0, j = 0; i < body.length; i++) {
            if (body[i] == 1) {
                overlong[j++] = (byte) 0xC0;
                overlong[j++] = (byte) 0xAF;
            } else {
                overlong[j++] = body[i];
            }
        }

        APIGatewayV2HTTPResponse response =
                patch(ApiEvents.request("PATCH", "/v1/tenant").binary(overlong, "application/json"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(rewind.tenants.find(tenant.tenantId()).orElseThrow().allowedOrigins())
                .isEmpty();
    }

    @Test
    void anImportedTimestampBeyond64BitsIsRefusedNotWrappedRound() {
        // given a recording whose second event is stamped 2^64 ms after the first: asLong() makes them equal
        long now = clock.millis();
        BigInteger wrapped = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(now));
        String recording = "{\"events\":[{\"type\":4,\"timestamp\":" + now
                + ",\"data\":{\"href\":\"https://shop.example/\",\"width\":800,\"height\":600}},"
                + "{\"type\":3,\"timestamp\":" + wrapped + ",\"data\":{\"source\":1,\"positions\":[]}}]}";

        // when it is imported
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(tenant.apiKey())
                                .json(recording)
                                .build(),
                        null);

        // then it is refused, and nothing is stored
        JsonNode answer = Tenants.read(response);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(answer.at("/error/code").asText()).isEqualTo("invalid_event");
        assertThat(rewind.chunks.keys(tenant.tenantId())).isEmpty();
        assertThat(Emulator.DYNAMO
                        .scan(r -> r.tableName(rewind.config.sessionsTable()))
                        .count())
                .isZero();
    }
}
