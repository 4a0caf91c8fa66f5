package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A plain-JSON chunk ({@code text/plain}, what a browser sends without a preflight) whose bytes are not
 * UTF-8 is refused with 400 {@code invalid_utf8} and nothing is stored, as a gzip one is: before, the
 * bad bytes became U+FFFD on the way to the handler and the chunk was stored with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextBodyUtf8IT {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Rewind rewind;
    private LocalServer server;
    private Tenants.SignedUp tenant;

    @BeforeAll
    void start() throws Exception {
        rewind = Emulator.freshRewind(Clock.systemUTC());
        server = new LocalServer(
                0,
                LocalRunner.handlers(rewind),
                Path.of("target/no-console"),
                Path.of("target/no-sdk"),
                "<html></html>",
                "http://127.0.0.1:4566");
        server.start();
        tenant = Tenants.signUp(rewind, "Plain Text");
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    /** A valid chunk with the given raw bytes inside its page URL. */
    private static byte[] chunkWith(int... raw) {
        String json = Chunks.envelope("plain-text-session-01", 0, Chunks.events(System.currentTimeMillis() - 5_000, 3))
                .replace("https://shop.example/\"", "https://shop.example/\u0001\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            if (b == 1) {
                for (int r : raw) out.write(r);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aTextBodyThatIsNotUtf8IsRefusedAndNothingIsStored() throws Exception {
        for (byte[] body : new byte[][] {chunkWith(0xFF, 0xFE), chunkWith(0xC0, 0xAF)}) {
            // when a plain-JSON chunk with bytes that are not UTF-8 is sent as the recorder sends plain JSON
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + server.port() + "/v1/ingest?key=" + tenant.ingestKey()))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            // then it is refused with its code, and S3 and the sessions table are still empty
            JsonNode answer = Json.MAPPER.readTree(response.body());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(answer.at("/error/code").asText()).isEqualTo("invalid_utf8");
            assertThat(rewind.chunks.keys(tenant.tenantId())).isEmpty();
            assertThat(Emulator.DYNAMO
                            .scan(r -> r.tableName(rewind.config.sessionsTable()))
                            .count())
                    .isZero();
        }
    }
}
