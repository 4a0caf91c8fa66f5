package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.http.Routes;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the local runner does before any handler runs. The console's pages carry a strict CSP
 * (no inline script, no framing) and no cookie is set anywhere; slow and oversized request bodies cannot
 * hold its threads.
 */
class LocalServerHardeningTest {
    private static final Pattern SCRIPT_TAG =
            Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER_ATTRIBUTE =
            Pattern.compile("<[^>]+\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    private final AtomicInteger handled = new AtomicInteger();
    private LocalServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> accept = (event, context) -> {
            handled.incrementAndGet();
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(202)
                    .withHeaders(new HashMap<>(Map.of("content-type", "application/json")))
                    .withBody("{\"accepted\":true}")
                    .build();
        };
        Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = new HashMap<>();
        Routes.functions().forEach(f -> handlers.put(f.handlerClass(), accept));
        // the console's page as written (the build only fills in the asset names), and the built one when there is one
        Path console = Files.isRegularFile(Path.of("../web-console/dist/index.html"))
                ? Path.of("../web-console/dist")
                : Path.of("../web-console/src");
        server = new LocalServer(
                0, handlers, console, Path.of("../recorder-sdk/dist"), "<html></html>", "http://127.0.0.1:4566");
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consolePagesForbidInlineScriptsAndFraming() throws Exception {
        for (String path : List.of("/", "/sessions/some-session-0000001", "/share/sh_token", "/settings")) {
            // when a console page is fetched (the SPA serves index.html for every route)
            HttpResponse<String> page = get(path);

            // then its CSP allows scripts from the console's own origin only, and no framing by anyone
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            String csp = page.headers().firstValue("content-security-policy").orElseThrow();
            Map<String, String> directives = new HashMap<>();
            for (String directive : csp.split(";")) {
                String[] parts = directive.trim().split("\\s+", 2);
                directives.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            assertThat(directives.get("script-src")).isEqualTo("'self'");
            assertThat(csp).doesNotContain("'unsafe-eval'");
            assertThat(directives.get("default-src")).isEqualTo("'self'");
            assertThat(directives.get("frame-ancestors")).isEqualTo("'none'");
            assertThat(directives.get("object-src")).isEqualTo("'none'");
            assertThat(directives.get("base-uri")).isEqualTo("'self'");
            assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
            assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(page.headers().allValues("set-cookie")).isEmpty();

            // and the page itself has no inline script to allow: every script is a file, no on* attribute
            Matcher scripts = SCRIPT_TAG.matcher(page.body());
            int count = 0;
            while (scripts.find()) {
                count++;
                assertThat(scripts.group(1)).contains("src=");
                assertThat(scripts.group(2)).isBlank();
            }
            assertThat(count).as("the page loads its script").isPositive();
            assertThat(EVENT_HANDLER_ATTRIBUTE.matcher(page.body()).find()).isFalse();
            assertThat(page.body()).doesNotContainIgnoringCase("javascript:");
        }
    }

    @Test
    void noResponseSetsACookie() throws Exception {
        // the api key lives in the console's memory and travels as a bearer token: nothing to steal from a cookie jar
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(get("/"));
        responses.add(get("/health"));
        responses.add(get("/demo"));
        responses.add(get("/sdk/rewind.js"));
        responses.add(get("/v1/sessions"));
        responses.add(http.send(
                HttpRequest.newBuilder(uri("/v1/ingest?key=pk_x"))
                        .header("Cookie", "a=1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.headers().allValues("set-cookie")).isEmpty());
    }

    @Test
    void theAccessLogCarriesNeitherShareTokensNorKeys() throws Exception {
        // given the runner's access log (stdout) captured
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        String token = "sh_" + "Q".repeat(32);
        try {
            // when a share link is opened in the console and through the API, and a chunk is sent
            get("/share/" + token);
            get("/v1/shares/" + token);
            http.send(
                    HttpRequest.newBuilder(uri("/v1/ingest?key=pk_" + "K".repeat(32)))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // the runner writes a request's line once the exchange is closed, after the client has its answer
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.toString(StandardCharsets.UTF_8).lines().count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            System.setOut(stdout);
        }

        // then the requests are logged without the token or the key
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines).contains("GET /share/{token} 200", "GET /v1/shares/{token} 202", "POST /v1/ingest 202");
        assertThat(lines).doesNotContain(token).doesNotContain("pk_K");
    }

    @Test
    void theAccessLogCarriesNoUserId() throws Exception {
        // given the runner's access log (stdout) captured
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        String userId = "erasure-subject-4d1c@example.org";
        try {
            // when a user's sessions are erased, and the same path is called with a method it does not have
            http.send(
                    HttpRequest.newBuilder(uri("/v1/users/" + userId + "/sessions"))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            http.send(
                    HttpRequest.newBuilder(uri("/v1/users/" + java.net.URLEncoder.encode(userId, StandardCharsets.UTF_8)
                                    + "/sessions"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // the runner writes its line as the exchange closes, just after the answer is out
            long deadline = System.currentTimeMillis() + 5_000;
            while (!(log.toString(StandardCharsets.UTF_8).contains("DELETE /v1/users/")
                            && log.toString(StandardCharsets.UTF_8).contains("GET /v1/users/"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            System.setOut(stdout);
        }

        // then both are logged, without the user id
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines).contains("DELETE /v1/users/{userId}/sessions 202", "GET /v1/users/{userId}/sessions 404");
        assertThat(lines).doesNotContain("erasure-subject").doesNotContain("4d1c");
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedBeforeItIsRead() throws Exception {
        // given a client that announces 50 MB and sends nothing more
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/ingest?key=pk_x HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                                    + (50 * 1024 * 1024) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // then it gets 413 at once, and no handler ran
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
            assertThat(handled.get()).isZero();
        }
    }

    @Test
    void clientsSendingTheirBodiesSlowlyDoNotHoldTheRunnersThreads() throws Exception {
        // given more slow clients than the runner has threads, each sending a byte of its body now and then
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.getOutputStream()
                    .write(("POST /v1/ingest?key=pk_x HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                                    + "Content-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
            slow.add(socket);
        }
        Thread trickle = new Thread(() -> {
            for (int second = 0; second < 60 && !Thread.currentThread().isInterrupted(); second++) {
                for (Socket socket : slow) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (Exception closed) {
                        // the runner gave up on it
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        trickle.start();
        try {
            // when a normal client sends a chunk meanwhile, and once more if its connection is cut (as the recorder
            // does)
            long started = System.nanoTime();
            HttpResponse<String> response;
            int attempts = 0;
            while (true) {
                attempts++;
                try {
                    response = http.send(
                            HttpRequest.newBuilder(uri("/v1/ingest?key=pk_x"))
                                    .timeout(Duration.ofSeconds(LocalServer.REQUEST_DEADLINE_SECONDS + 15))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException cut) {
                    assertThat(attempts)
                            .as("cut once at most, with the slow clients")
                            .isEqualTo(1);
                }
            }
            long waited = (System.nanoTime() - started) / 1_000_000;

            // then the slow clients are cut off once their time is up, without a handler run for them
            for (Socket socket : slow) {
                socket.setSoTimeout(15_000);
                InputStream in = socket.getInputStream();
                int read;
                try {
                    read = in.read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("a slow client's connection is closed").isEqualTo(-1);
            }
            // and the normal chunk got through within that time, not whenever the slow clients chose to finish
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(waited).isLessThan((LocalServer.REQUEST_DEADLINE_SECONDS + 10) * 1000L);
            assertThat(handled.get()).isEqualTo(1);
            System.out.printf(
                    "slow bodies: 40 clients trickling a byte a second held the runner for %d ms; "
                            + "the normal chunk took %d attempt(s)%n",
                    waited, attempts);
        } finally {
            trickle.interrupt();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
