package dev.rewind.skeleton;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The thinnest complete path: sign up, send a chunk, find it in S3 and DynamoDB, list it, read it back. */
class WalkingSkeletonIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
    }

    @Test
    void aChunkSentWithTheSnippetKeyBecomesAListedReplayableSession() throws Exception {
        // given a tenant
        APIGatewayV2HTTPResponse signup = new SignupHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/signup")
                                .json("{\"email\":\"ada@example.com\",\"organization\":\"Example\"}")
                                .build(),
                        null);
        assertThat(signup.getStatusCode()).isEqualTo(201);
        JsonNode tenant = Json.MAPPER.readTree(signup.getBody());
        String ingestKey = tenant.get("ingestKey").asText();
        String apiKey = tenant.get("apiKey").asText();
        assertThat(ingestKey).startsWith("pk_");
        assertThat(apiKey).startsWith("sk_");
        assertThat(tenant.get("snippet").asText()).contains(ingestKey).contains("<script");

        // when the recorder sends a gzip chunk, base64-encoded by API Gateway
        long now = clock.millis();
        String chunk =
                "{\"sessionId\":\"skeleton-session-0001\",\"seq\":0,\"meta\":{\"url\":\"https://shop.example/cart\"},"
                        + "\"events\":[{\"type\":4,\"timestamp\":" + (now - 2000)
                        + ",\"data\":{\"href\":\"https://shop.example/cart\",\"width\":1280,\"height\":720}},"
                        + "{\"type\":3,\"timestamp\":" + (now - 1000)
                        + ",\"data\":{\"source\":2,\"type\":2,\"id\":5,\"x\":10,\"y\":20}}]}";
        byte[] gzip = ChunkParser.gzip(chunk.getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse ingest = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", ingestKey)
                                .header("origin", "https://shop.example")
                                .binary(gzip, "application/x-www-form-urlencoded")
                                .build(),
                        null);

        // then it is in S3 under the tenant's prefix and indexed in DynamoDB
        assertThat(ingest.getStatusCode()).as(ingest.getBody()).isEqualTo(202);
        String tenantId = tenant.get("tenantId").asText();
        assertThat(rewind.chunks.keys(tenantId))
                .containsExactly("t/" + tenantId + "/s/skeleton-session-0001/000000.json.gz");
        assertThat(rewind.sessions.load(tenantId, "skeleton-session-0001"))
                .get()
                .satisfies(r -> assertThat(r.state.eventCount()).isEqualTo(2));

        // and the console lists it and gets a URL that reads the chunk back
        SessionsHandler sessions = new SessionsHandler(rewind);
        JsonNode list = Json.MAPPER.readTree(sessions.handleRequest(
                        ApiEvents.request("GET", "/v1/sessions").bearer(apiKey).build(), null)
                .getBody());
        assertThat(list.get("sessions")).hasSize(1);
        assertThat(list.get("sessions").get(0).get("sessionId").asText()).isEqualTo("skeleton-session-0001");
        assertThat(list.get("sessions").get(0).get("entryUrl").asText()).isEqualTo("https://shop.example/cart");

        APIGatewayV2HTTPResponse detail = sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions/{id}")
                        .path("id", "skeleton-session-0001")
                        .bearer(apiKey)
                        .build(),
                null);
        assertThat(detail.getStatusCode()).isEqualTo(200);
        String url = Json.MAPPER
                .readTree(detail.getBody())
                .get("chunks")
                .get(0)
                .get("url")
                .asText();
        HttpResponse<byte[]> object = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(object.statusCode()).isEqualTo(200);
        JsonNode stored = ChunkParser.readStored(object.body());
        assertThat(stored.get("events")).hasSize(2);
    }
}
