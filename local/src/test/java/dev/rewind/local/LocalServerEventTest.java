package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.http.Routes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local runner hands the handlers exactly the event API Gateway HTTP API (payload 2.0) would. */
class LocalServerEventTest {
    private final AtomicReference<APIGatewayV2HTTPEvent> received = new AtomicReference<>();
    private LocalServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> capture = (event, context) -> {
            received.set(event);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(202)
                    .withHeaders(new HashMap<>(Map.of("content-type", "application/json")))
                    .withBody("{\"accepted\":true}")
                    .build();
        };
        Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = new HashMap<>();
        Routes.functions().forEach(f -> handlers.put(f.handlerClass(), capture));
        server = new LocalServer(
                0,
                handlers,
                Path.of("target/no-console"),
                Path.of("target/no-sdk"),
                "<html></html>",
                "http://127.0.0.1:4566");
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> post(String pathAndQuery, byte[] body, String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                        .header("Content-Type", contentType)
                        .header("Origin", "https://shop.example")
                        .header("Cookie", "a=1; b=2")
                        .header("X-Custom", "one")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void gzipBodyArrivesBase64EncodedWithTheExactBytes() throws Exception {
        // given a gzip body with a CORS-safelisted, non-text content type
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{\"sessionId\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzip = out.toByteArray();

        // when it is posted
        HttpResponse<String> response =
                post("/v1/ingest?key=pk_test&x=1&x=2", gzip, "application/x-www-form-urlencoded");

        // then the handler gets API Gateway's event: base64 body, raw path and query, joined repeats
        APIGatewayV2HTTPEvent event = received.get();
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(gzip);
        assertThat(event.getRouteKey()).isEqualTo("POST /v1/ingest");
        assertThat(event.getRawPath()).isEqualTo("/v1/ingest");
        assertThat(event.getRawQueryString()).isEqualTo("key=pk_test&x=1&x=2");
        assertThat(event.getQueryStringParameters())
                .containsEntry("key", "pk_test")
                .containsEntry("x", "1,2");
        assertThat(event.getHeaders())
                .containsEntry("x-custom", "one")
                .containsEntry("origin", "https://shop.example")
                .doesNotContainKey("cookie");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo("/v1/ingest");
        assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void textBodyArrivesAsTheSameString() throws Exception {
        // given a JSON body sent as text/plain (what a browser sends without a preflight)
        String json = "{\"sessionId\":\"abc\",\"note\":\"caf\u00e9 \u2713\"}";

        // when it is posted
        post("/v1/ingest?key=pk_test", json.getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");

        // then the handler gets the text as it was, not base64
        APIGatewayV2HTTPEvent event = received.get();
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getBody()).isEqualTo(json);
    }

    @Test
    void aTextBodyThatIsNotUtf8ArrivesBase64EncodedWithTheExactBytes() throws Exception {
        // given text/plain bodies with bytes that are not UTF-8: FF FE, and an overlong "/" (C0 AF)
        for (byte[] bad : new byte[][] {{'{', (byte) 0xFF, (byte) 0xFE, '}'}, {'{', (byte) 0xC0, (byte) 0xAF, '}'}}) {
            // when one is posted
            post("/v1/ingest?key=pk_test", bad, "text/plain;charset=UTF-8");

            // then the handler gets the bytes as sent, not a string with U+FFFD in their place
            APIGatewayV2HTTPEvent event = received.get();
            assertThat(event.getIsBase64Encoded()).isTrue();
            assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(bad);
        }
    }

    @Test
    void pathParametersOfTheMatchedRouteArePassed() throws Exception {
        // when a templated route is called
        http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.port() + "/v1/sessions/session-0123456789ab/share"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then the route key is the template and the parameter is filled in
        APIGatewayV2HTTPEvent event = received.get();
        assertThat(event.getRouteKey()).isEqualTo("POST /v1/sessions/{id}/share");
        assertThat(event.getPathParameters()).containsEntry("id", "session-0123456789ab");
    }

    @Test
    void importRouteWinsOverTheSessionIdTemplate() {
        assertThat(RouteTable.match("POST", "/v1/sessions/import"))
                .get()
                .satisfies(m -> assertThat(m.route().routeKey()).isEqualTo("POST /v1/sessions/import"));
    }
}
