package dev.rewind.retention;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One tenant of a retention test, driven only through the real handlers: signs up, records sessions
 * through {@code POST /v1/ingest} (in the past, by setting the clock back while they are sent), and
 * reads what the API shows.
 */
final class TenantFixture {
    /** Chunks of one recorded session start this far apart. */
    static final long CHUNK_SPACING_MS = 10_000;

    final Rewind rewind;
    final MutableClock clock;
    final String tenantId;
    final String ingestKey;
    final String apiKey;
    private final IngestHandler ingest;
    private final SessionsHandler sessions;

    private TenantFixture(Rewind rewind, MutableClock clock, Tenants.SignedUp signup) {
        this.rewind = rewind;
        this.clock = clock;
        this.tenantId = signup.tenantId();
        this.ingestKey = signup.ingestKey();
        this.apiKey = signup.apiKey();
        this.ingest = new IngestHandler(rewind);
        this.sessions = new SessionsHandler(rewind);
    }

    static TenantFixture signUp(Rewind rewind, MutableClock clock, String organization) {
        return new TenantFixture(rewind, clock, Tenants.signUp(rewind, organization));
    }

    /** A tenant made elsewhere (an organization of a signed-in owner), with its ingest key and an admin api key. */
    static TenantFixture of(Rewind rewind, MutableClock clock, Tenants.SignedUp tenant) {
        return new TenantFixture(rewind, clock, tenant);
    }

    /** The same tenant and keys, calling handlers wired to {@code other} (e.g. stores with a hook). */
    TenantFixture on(Rewind other) {
        return new TenantFixture(other, clock, new Tenants.SignedUp(tenantId, ingestKey, apiKey, null));
    }

    /**
     * Sets the retention as of {@code ago} before the clock, so that sessions recorded afterwards "in the
     * past" were recorded under it: a test stays true to time, as a real tenant's history would be.
     */
    void setRetentionDays(int days, Duration ago) {
        Instant now = clock.instant();
        clock.set(now.minus(ago));
        try {
            setRetentionDays(days);
        } finally {
            clock.set(now);
        }
    }

    void setRetentionDays(int days) {
        Tenants.patch(rewind, apiKey, "{\"retentionDays\":" + days + "}");
    }

    /**
     * A session that started {@code age} before the clock, recorded through ingest in {@code chunks}
     * chunks; the clock is set back while they are sent (ingest refuses events older than a day) and
     * put back afterwards. Returns the session id.
     */
    String recordSession(Duration age, String userId, int chunks) {
        String sessionId = newSessionId();
        Instant now = clock.instant();
        long start = now.minus(age).toEpochMilli();
        clock.set(Instant.ofEpochMilli(start + chunks * CHUNK_SPACING_MS));
        try {
            for (int seq = 0; seq < chunks; seq++) {
                sendChunk(sessionId, seq, start + seq * CHUNK_SPACING_MS, userId);
            }
        } finally {
            clock.set(now);
        }
        return sessionId;
    }

    /**
     * {@code count} one-chunk sessions that started about {@code age} before the clock, a second apart,
     * sent a few at a time as many visitors would. Returns their ids, oldest first.
     */
    List<String> recordSessions(Duration age, String userId, int count) {
        Instant now = clock.instant();
        long start = now.minus(age).toEpochMilli();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(newSessionId());
        }
        clock.set(Instant.ofEpochMilli(start + count * 1000L + CHUNK_SPACING_MS));
        ExecutorService visitors = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String sessionId = ids.get(i);
                long firstEventAt = start + i * 1000L;
                sent.add(visitors.submit(() -> sendChunk(sessionId, 0, firstEventAt, userId)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            visitors.shutdownNow();
            clock.set(now);
        }
        return ids;
    }

    /** One chunk through {@code POST /v1/ingest}, gzip as the recorder sends it: a Meta event and two clicks. */
    void sendChunk(String sessionId, int seq, long firstEventAt, String userId) {
        expect(ingest(chunk(sessionId, seq, firstEventAt, userId)), 202);
    }

    /** The body {@link #sendChunk} sends; {@code userId} (null: none) rides in its meta, as the recorder sends it. */
    static ObjectNode chunk(String sessionId, int seq, long firstEventAt, String userId) {
        ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
        ObjectNode meta = chunk.putObject("meta").put("url", "https://shop.example/cart");
        if (userId != null) {
            meta.put("userId", userId);
        }
        ArrayNode events = chunk.putArray("events");
        events.addObject()
                .put("type", 4)
                .put("timestamp", firstEventAt)
                .putObject("data")
                .put("href", "https://shop.example/cart")
                .put("width", 1280)
                .put("height", 720);
        for (int i = 1; i <= 2; i++) {
            events.addObject()
                    .put("type", 3)
                    .put("timestamp", firstEventAt + i * 1000L)
                    .putObject("data")
                    .put("source", 2)
                    .put("type", 2)
                    .put("id", 10 + i)
                    .put("x", 100 * i)
                    .put("y", 200);
        }
        return chunk;
    }

    /** Adds an {@code identify} custom event, as {@code rewind.identify(userId)} records it, to a chunk body. */
    static ObjectNode identify(ObjectNode chunk, long at, String userId) {
        ((ArrayNode) chunk.get("events"))
                .addObject()
                .put("type", 5)
                .put("timestamp", at)
                .putObject("data")
                .put("tag", "identify")
                .putObject("payload")
                .put("userId", userId);
        return chunk;
    }

    /** Sends a chunk body through {@code POST /v1/ingest} as gzip and returns the answer, whatever it is. */
    APIGatewayV2HTTPResponse ingest(ObjectNode chunk) {
        return ingest(Json.write(chunk));
    }

    /** Sends a chunk's JSON text through {@code POST /v1/ingest} as gzip and returns the answer. */
    APIGatewayV2HTTPResponse ingest(String chunkJson) {
        byte[] gzip = ChunkParser.gzip(chunkJson.getBytes(StandardCharsets.UTF_8));
        return ingest.handleRequest(
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", ingestKey)
                        .header("origin", "https://shop.example")
                        .binary(gzip, "text/plain")
                        .build(),
                null);
    }

    /** {@code POST /v1/sessions/import} with a JSON body. */
    APIGatewayV2HTTPResponse importRecording(String json) {
        return call(ApiEvents.request("POST", "/v1/sessions/import")
                .bearer(apiKey)
                .json(json)
                .build());
    }

    static String newSessionId() {
        return "ses_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Every session id {@code GET /v1/sessions} lists, following the cursor; {@code query} is name, value pairs. */
    List<String> listed(String... query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            ApiEvents request =
                    ApiEvents.request("GET", "/v1/sessions").bearer(apiKey).query("limit", "100");
            for (int i = 0; i + 1 < query.length; i += 2) {
                request.query(query[i], query[i + 1]);
            }
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            JsonNode page = Tenants.read(expect(call(request.build()), 200));
            page.get("sessions").forEach(s -> ids.add(s.get("sessionId").asText()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    APIGatewayV2HTTPResponse detail(String sessionId) {
        return call(ApiEvents.request("GET", "/v1/sessions/{id}")
                .path("id", sessionId)
                .bearer(apiKey)
                .build());
    }

    APIGatewayV2HTTPResponse share(String sessionId) {
        return call(ApiEvents.request("POST", "/v1/sessions/{id}/share")
                .path("id", sessionId)
                .bearer(apiKey)
                .build());
    }

    /** A share link's token, for a session that can be shared now. */
    String shareToken(String sessionId) {
        return Tenants.read(expect(share(sessionId), 201)).get("token").asText();
    }

    /** Opens a share link as someone without a key would. */
    APIGatewayV2HTTPResponse openShare(String token) {
        return call(ApiEvents.request("GET", "/v1/shares/{token}")
                .path("token", token)
                .build());
    }

    APIGatewayV2HTTPResponse delete(String sessionId) {
        return call(ApiEvents.request("DELETE", "/v1/sessions/{id}")
                .path("id", sessionId)
                .bearer(apiKey)
                .build());
    }

    APIGatewayV2HTTPResponse deleteUser(String userId) {
        return call(ApiEvents.request("DELETE", "/v1/users/{userId}/sessions")
                .path("userId", userId)
                .bearer(apiKey)
                .build());
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return sessions.handleRequest(event, null);
    }

    static APIGatewayV2HTTPResponse expect(APIGatewayV2HTTPResponse response, int status) {
        if (response.getStatusCode() != status) {
            throw new AssertionError(
                    "expected " + status + " but got " + response.getStatusCode() + ": " + response.getBody());
        }
        return response;
    }
}
