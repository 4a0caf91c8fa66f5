package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.storage.ChunkStore;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /v1/sessions/import} is all or nothing: a recording refused for any of its chunks, or one
 * whose storing fails half-way, leaves no chunk, no session item and nothing listed (docs/INGEST.md, "Import").
 */
class ImportIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private Tenants.SignedUp tenant;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
        tenant = Tenants.signUp(rewind, "Importer");
    }

    @Test
    void aRecordingLongerThanASessionMayLastIsRefusedBeforeAnyChunkIsStored() {
        // given a recording of 1,200 events over 7 hours: its first chunks alone are well within 6 hours
        ObjectNode body = recording(1_200, 7 * 3_600_000L);

        // when it is imported
        APIGatewayV2HTTPResponse response = importRecording(rewind, body);

        // then it is refused and nothing of it is stored or listed
        assertError(response, 413, "session_too_long");
        assertNothingStored();
    }

    @Test
    void aRecordingWithABadUserIdInALaterChunkIsRefusedBeforeAnyChunkIsStored() {
        // given a recording whose third chunk identifies a user id with a newline
        ObjectNode body = recording(1_200, 600_000L);
        identify((ArrayNode) body.get("events"), 1_100, "ada\nlovelace");

        // when it is imported
        APIGatewayV2HTTPResponse response = importRecording(rewind, body);

        // then it is refused and nothing of it is stored or listed
        assertError(response, 400, "invalid_user_id");
        assertNothingStored();
    }

    @Test
    void aRecordingWithMoreUserIdsThanASessionMayCarryIsRefusedBeforeAnyChunkIsStored() {
        // given a recording that identifies one user id more than a session may carry, the last one at its end
        ObjectNode body = recording(1_200, 600_000L);
        for (int i = 0; i <= IngestLimits.MAX_USER_IDS_PER_SESSION; i++) {
            identify((ArrayNode) body.get("events"), i * 70, "user-" + i);
        }

        // when it is imported
        APIGatewayV2HTTPResponse response = importRecording(rewind, body);

        // then it is refused and nothing of it is stored or listed
        assertError(response, 413, "too_many_user_ids");
        assertNothingStored();
    }

    @Test
    void anImportWhoseStoringFailsHalfWayLeavesNothingBehind() {
        // given chunk storage that fails at the import's second chunk
        AtomicInteger puts = new AtomicInteger();
        ChunkStore failing = (ChunkStore) Proxy.newProxyInstance(
                ChunkStore.class.getClassLoader(), new Class<?>[] {ChunkStore.class}, (self, method, args) -> {
                    if (method.getName().equals("putIfAbsent") && puts.incrementAndGet() == 2) {
                        throw new StoreUnavailable(SdkClientException.create("S3 is unreachable"));
                    }
                    try {
                        return method.invoke(rewind.chunks, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Rewind wiring = new Rewind(
                rewind.config,
                clock,
                rewind.tenants,
                failing,
                rewind.sessions,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);

        // when a recording of three chunks is imported
        APIGatewayV2HTTPResponse response = importRecording(wiring, recording(1_200, 600_000L));

        // then it is answered 503 (retry) and what was stored of it is gone again
        assertError(response, 503, "service_unavailable");
        assertNothingStored();
    }

    /** {@code count} click events over {@code spanMs}, with a Meta event first. */
    private static ObjectNode recording(int count, long spanMs) {
        ObjectNode body = Json.object();
        ArrayNode events = body.putArray("events");
        long start = 1_700_000_000_000L;
        events.addObject()
                .put("type", 4)
                .put("timestamp", start)
                .putObject("data")
                .put("href", "https://shop.example/")
                .put("width", 1280)
                .put("height", 720);
        for (int i = 1; i < count; i++) {
            events.addObject()
                    .put("type", 3)
                    .put("timestamp", start + spanMs * i / (count - 1))
                    .putObject("data")
                    .put("source", 2)
                    .put("type", 2)
                    .put("id", 10)
                    .put("x", 10)
                    .put("y", 10);
        }
        body.putObject("meta").put("url", "https://shop.example/");
        return body;
    }

    /** Puts an identify event in place of the event at {@code index}, at its time. */
    private static void identify(ArrayNode events, int index, String userId) {
        long at = events.get(index).get("timestamp").asLong();
        ObjectNode identify = Json.object().put("type", 5).put("timestamp", at);
        identify.putObject("data").put("tag", "identify").putObject("payload").put("userId", userId);
        events.set(index, identify);
    }

    private APIGatewayV2HTTPResponse importRecording(Rewind wiring, ObjectNode body) {
        return new SessionsHandler(wiring)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(tenant.apiKey())
                                .json(Json.write(body))
                                .build(),
                        null);
    }

    private List<JsonNode> listed() {
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions")
                                .bearer(tenant.apiKey())
                                .build(),
                        null);
        List<JsonNode> sessions = new java.util.ArrayList<>();
        Tenants.read(response).get("sessions").forEach(sessions::add);
        return sessions;
    }

    private void assertNothingStored() {
        assertThat(Emulator.S3
                        .listObjectsV2(r -> r.bucket(rewind.config.chunksBucket()))
                        .contents())
                .isEmpty();
        // a session id an import took is not given out again: at most its tombstone stays (docs/RETENTION.md)
        List<Map<String, AttributeValue>> items = Emulator.DYNAMO
                .scan(r -> r.tableName(rewind.config.sessionsTable()))
                .items();
        assertThat(items)
                .allSatisfy(item ->
                        assertThat(item).containsKey("deletedAt").doesNotContainKeys("state", "seqs", "tenantId"));
        assertThat(listed()).isEmpty();
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo(code);
    }
}
