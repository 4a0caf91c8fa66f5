package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.MotoProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runner's emulator restarts and comes back empty (a real moto process of the test's own, stopped
 * and started again): {@code /health} answers 503 while the stores are away, and the runner creates
 * them again by itself — the API recovers without a restart of the runner, and /demo records into a
 * new demo tenant. Before, the tables were only created at start: 503 for ever, while /health said 200.
 */
class EmulatorRestartIT {
    private static final Pattern INGEST_KEY = Pattern.compile("pk_[A-Za-z0-9_-]{32}");
    private static final long RECOVERY_DEADLINE_MS = 30_000;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MotoProcess moto;
    private LocalServer server;
    /** The runner's home: the demo tenant's keys file goes there. */
    @TempDir
    Path home;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) server.stop();
        if (moto != null) moto.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> signUp() throws Exception {
        return post(
                "/v1/signup", "application/json", "{\"email\":\"owner@restart.example\",\"organization\":\"Restart\"}");
    }

    private int ingest(String ingestKey, String sessionId) throws Exception {
        String chunk = Chunks.envelope(sessionId, 0, Chunks.events(System.currentTimeMillis() - 5_000, 3));
        return post("/v1/ingest?key=" + ingestKey, "text/plain;charset=UTF-8", chunk)
                .statusCode();
    }

    @Test
    void healthReflectsTheStoresAndTheRunnerCreatesThemAgainAfterAnEmulatorRestart() throws Exception {
        // given a runner as `make dev` wires it, over an emulator of its own, and a tenant that records
        moto = MotoProcess.start(MotoProcess.Mode.CONCURRENT);
        RewindConfig config = RewindConfig.fromEnvironment().withPrefix("restart");
        DynamoDbClient dynamo = AwsClients.dynamoDb(moto.endpoint());
        S3Client s3 = AwsClients.s3(moto.endpoint());
        ResourceBootstrap.create(dynamo, s3, config);
        Rewind rewind = Rewind.create(config, Clock.systemUTC(), moto.endpoint());
        server = LocalRunner.server(0, rewind, dynamo, s3, home, moto.endpoint().toString(), null, null);
        server.start();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> first = signUp();
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(ingest(Json.MAPPER.readTree(first.body()).get("ingestKey").asText(), "before-restart-session"))
                .isEqualTo(202);

        // when the emulator goes away, /health says so
        moto.stop();
        HttpResponse<String> away = get("/health");
        assertThat(away.statusCode()).as(away.body()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(away.body()).get("status").asText()).isEqualTo("unavailable");

        // and when it comes back empty, the API recovers by itself (a 503 or two meanwhile, no runner restart)
        moto.restart();
        HttpResponse<String> again = signUp();
        long deadline = System.currentTimeMillis() + RECOVERY_DEADLINE_MS;
        while (again.statusCode() == 503 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            again = signUp();
        }
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        // /health waits for a re-creation still under way (the tables come back one by one), then says ready
        assertThat(get("/health").statusCode()).isEqualTo(200);
        JsonNode tenant = Json.MAPPER.readTree(again.body());
        assertThat(ingest(tenant.get("ingestKey").asText(), "after-restart-session"))
                .isEqualTo(202);

        // and /demo records into a new demo tenant: the old one went with the emulator's data
        Matcher demoKey = INGEST_KEY.matcher(get("/demo").body());
        assertThat(demoKey.find()).isTrue();
        assertThat(ingest(demoKey.group(), "demo-after-restart-session")).isEqualTo(202);
    }
}
