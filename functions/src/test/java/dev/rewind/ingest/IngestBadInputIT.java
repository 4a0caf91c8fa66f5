package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad ingest input (docs/INGEST.md): every case gets its documented 4xx code
 * and leaves S3 and DynamoDB untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBadInputIT {
    static final String SESSION = "catalogue-session-0001";

    /** What a case may use: the tenant's keys and the time. */
    record Fixture(String ingestKey, String apiKey, String rotatedIngestKey, String restrictedIngestKey, long now) {}

    record Case(int status, String code, Function<Fixture, APIGatewayV2HTTPEvent> request) {}

    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private Fixture fixture;
    private IngestHandler handler;

    @BeforeAll
    void tenants() {
        rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp open = Tenants.signUp(rewind, "Open");
        String fresh = Tenants.rotate(rewind, open.apiKey(), "ingest");
        Tenants.SignedUp restricted = Tenants.signUp(rewind, "Restricted");
        Tenants.patch(rewind, restricted.apiKey(), "{\"allowedOrigins\":[\"https://shop.example\"]}");
        fixture = new Fixture(fresh, open.apiKey(), open.ingestKey(), restricted.ingestKey(), clock.millis());
        handler = new IngestHandler(rewind);
    }

    static ApiEvents ingest(String key) {
        return ApiEvents.request("POST", "/v1/ingest").query("key", key).header("origin", "https://shop.example");
    }

    static Function<Fixture, APIGatewayV2HTTPEvent> text(String body) {
        return f -> ingest(f.ingestKey()).text(body, "text/plain;charset=UTF-8").build();
    }

    static Function<Fixture, APIGatewayV2HTTPEvent> chunk(Function<Long, String> body) {
        return f -> ingest(f.ingestKey())
                .text(body.apply(f.now()), "text/plain;charset=UTF-8")
                .build();
    }

    static Function<Fixture, APIGatewayV2HTTPEvent> binary(Function<Long, byte[]> body) {
        return f -> ingest(f.ingestKey())
                .binary(body.apply(f.now()), "application/x-www-form-urlencoded")
                .build();
    }

    static String valid(long now) {
        return Chunks.envelope(SESSION, 0, Chunks.events(now - 5000, 3));
    }

    static String withEvents(String events) {
        return "{\"sessionId\":\"" + SESSION + "\",\"seq\":0,\"events\":" + events + "}";
    }

    static String withMeta(String meta, String event) {
        return "{\"sessionId\":\"" + SESSION + "\",\"seq\":0,\"meta\":" + meta + ",\"events\":[" + event + "]}";
    }

    /** An identify event as the recorder's {@code rewind.identify(userId)} records it; {@code userId} is JSON string content. */
    static String identify(long ts, String userId) {
        return "{\"type\":5,\"timestamp\":" + ts + ",\"data\":{\"tag\":\"identify\",\"payload\":{\"userId\":\"" + userId
                + "\"}}}";
    }

    static String event(long ts) {
        return "{\"type\":3,\"timestamp\":" + ts + ",\"data\":{\"source\":2,\"type\":2,\"id\":1,\"x\":1,\"y\":1}}";
    }

    /** A valid chunk whose URL ends in the given raw bytes. */
    static byte[] withRawBytesInUrl(long now, int... raw) {
        byte[] json = valid(now)
                .replace("https://shop.example/", "https://shop.example/\u0001")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : json) {
            if (b == 1) {
                for (int r : raw) out.write(r);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    static byte[] gzipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{\"sessionId\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                gz.write(zeros); // 64 MB of 'a' inflates from ~64 KB
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static final List<Named<Case>> CASES = List.of(
            Named.of("malformed JSON", new Case(400, "invalid_json", text("{\"sessionId\":"))),
            Named.of(
                    "trailing garbage after JSON",
                    new Case(400, "invalid_json", chunk(now -> valid(now) + " trailing"))),
            Named.of(
                    "JSON nested past the depth limit",
                    new Case(400, "invalid_json", text("[".repeat(5000) + "]".repeat(5000)))),
            Named.of("array instead of object", new Case(400, "invalid_chunk", text("[]"))),
            Named.of("string instead of object", new Case(400, "invalid_chunk", text("\"chunk\""))),
            Named.of(
                    "empty body",
                    new Case(400, "empty_body", f -> ingest(f.ingestKey()).build())),
            Named.of(
                    "sessionId missing",
                    new Case(400, "invalid_session_id", chunk(now -> "{\"seq\":0,\"events\":[" + event(now) + "]}"))),
            Named.of(
                    "sessionId a number",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now ->
                                    "{\"sessionId\":1234567890123456789,\"seq\":0,\"events\":[" + event(now) + "]}"))),
            Named.of(
                    "sessionId null",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> "{\"sessionId\":null,\"seq\":0,\"events\":[" + event(now) + "]}"))),
            Named.of(
                    "sessionId too short",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> Chunks.envelope("short-id-123456", 0, "[" + event(now) + "]")))),
            Named.of(
                    "sessionId too long",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> Chunks.envelope("x".repeat(65), 0, "[" + event(now) + "]")))),
            Named.of(
                    "sessionId with ../ path traversal",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> Chunks.envelope("../../other-tenant-x", 0, "[" + event(now) + "]")))),
            Named.of(
                    "sessionId with a slash",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> Chunks.envelope("abcdefgh/ijklmnopq", 0, "[" + event(now) + "]")))),
            Named.of(
                    "sessionId with non-ASCII letters",
                    new Case(
                            400,
                            "invalid_session_id",
                            chunk(now -> Chunks.envelope("s\u00e9ssion-0123456789", 0, "[" + event(now) + "]")))),
            Named.of(
                    "seq missing",
                    new Case(
                            400,
                            "invalid_seq",
                            chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"events\":[" + event(now) + "]}"))),
            Named.of(
                    "seq negative",
                    new Case(400, "invalid_seq", chunk(now -> Chunks.envelope(SESSION, -1, "[" + event(now) + "]")))),
            Named.of(
                    "seq a string",
                    new Case(
                            400,
                            "invalid_seq",
                            chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"seq\":\"0\",\"events\":[" + event(now)
                                    + "]}"))),
            Named.of(
                    "seq a fraction",
                    new Case(
                            400,
                            "invalid_seq",
                            chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"seq\":1.5,\"events\":[" + event(now)
                                    + "]}"))),
            Named.of(
                    "seq beyond 32 bits",
                    new Case(
                            400,
                            "invalid_seq",
                            chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"seq\":1099511627776,\"events\":["
                                    + event(now) + "]}"))),
            Named.of(
                    "seq past the chunks-per-session limit",
                    new Case(
                            413,
                            "too_many_chunks",
                            chunk(now -> Chunks.envelope(
                                    SESSION, IngestLimits.MAX_CHUNKS_PER_SESSION, "[" + event(now) + "]")))),
            Named.of(
                    "events missing",
                    new Case(400, "invalid_events", chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"seq\":0}"))),
            Named.of("events an object", new Case(400, "invalid_events", chunk(now -> withEvents("{}")))),
            Named.of("events empty", new Case(400, "invalid_events", chunk(now -> withEvents("[]")))),
            Named.of(
                    "too many events",
                    new Case(
                            413,
                            "too_many_events",
                            chunk(now -> withEvents("[" + (event(now) + ",").repeat(IngestLimits.MAX_EVENTS_PER_CHUNK)
                                    + event(now) + "]")))),
            Named.of("event a number", new Case(400, "invalid_event", chunk(now -> withEvents("[42]")))),
            Named.of("event null", new Case(400, "invalid_event", chunk(now -> withEvents("[null]")))),
            Named.of(
                    "event without type",
                    new Case(400, "invalid_event", chunk(now -> withEvents("[{\"timestamp\":" + now + "}]")))),
            Named.of(
                    "event without timestamp",
                    new Case(400, "invalid_event", chunk(now -> withEvents("[{\"type\":3}]")))),
            Named.of(
                    "event timestamp a string",
                    new Case(
                            400,
                            "invalid_event",
                            chunk(now -> withEvents("[{\"type\":3,\"timestamp\":\"" + now + "\"}]")))),
            Named.of(
                    "event type a string",
                    new Case(
                            400,
                            "invalid_event",
                            chunk(now -> withEvents("[{\"type\":\"3\",\"timestamp\":" + now + "}]")))),
            Named.of(
                    "timestamp an hour in the future",
                    new Case(400, "timestamp_in_future", chunk(now -> withEvents("[" + event(now + 3_600_000) + "]")))),
            Named.of(
                    "timestamp two days old",
                    new Case(
                            400,
                            "timestamp_too_old",
                            chunk(now -> withEvents("[" + event(now - 2 * 86_400_000L) + "]")))),
            Named.of(
                    "timestamp zero (1970)",
                    new Case(400, "timestamp_too_old", chunk(now -> withEvents("[" + event(0) + "]")))),
            Named.of(
                    "one chunk spanning seven hours",
                    new Case(
                            413,
                            "session_too_long",
                            chunk(now ->
                                    withEvents("[" + event(now - 7 * 3_600_000L + 60_000) + "," + event(now) + "]")))),
            Named.of(
                    "meta a string",
                    new Case(
                            400,
                            "invalid_meta",
                            chunk(now -> "{\"sessionId\":\"" + SESSION + "\",\"seq\":0,\"meta\":\"x\",\"events\":["
                                    + event(now) + "]}"))),
            Named.of(
                    "user id longer than 256 characters",
                    new Case(
                            400,
                            "invalid_user_id",
                            chunk(now -> withMeta("{\"userId\":\"" + "u".repeat(257) + "\"}", event(now))))),
            Named.of(
                    "user id with a tab",
                    new Case(
                            400,
                            "invalid_user_id",
                            chunk(now -> withMeta("{\"userId\":\"ada\\tlovelace\"}", event(now))))),
            Named.of(
                    "user id an object",
                    new Case(
                            400,
                            "invalid_user_id",
                            chunk(now -> withMeta("{\"userId\":{\"email\":\"ada@example.com\"}}", event(now))))),
            Named.of(
                    "identify event with a newline in its user id",
                    new Case(
                            400,
                            "invalid_user_id",
                            chunk(now -> withEvents("[" + event(now) + "," + identify(now, "ada\\nlovelace") + "]")))),
            Named.of(
                    "more user ids in a chunk than a session may carry",
                    new Case(413, "too_many_user_ids", chunk(now -> {
                        StringBuilder events = new StringBuilder("[" + event(now));
                        for (int i = 0; i <= IngestLimits.MAX_USER_IDS_PER_SESSION; i++) {
                            events.append(',').append(identify(now, "user-" + i));
                        }
                        return withEvents(events + "]");
                    }))),
            Named.of("invalid UTF-8 in a binary body", new Case(400, "invalid_utf8", binary(now -> {
                byte[] json = valid(now)
                        .replace("https://shop.example/", "https://shop.example/\u0001")
                        .getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < json.length; i++) {
                    if (json[i] == 1) json[i] = (byte) 0xC3; // a lead byte followed by '"'
                }
                return json;
            }))),
            Named.of(
                    "overlong UTF-8 (C0 AF for '/') in a binary body",
                    new Case(400, "invalid_utf8", binary(now -> withRawBytesInUrl(now, 0xC0, 0xAF)))),
            Named.of(
                    "overlong UTF-8 (C0 AF) in a gzip body",
                    new Case(400, "invalid_utf8", binary(now -> ChunkParser.gzip(withRawBytesInUrl(now, 0xC0, 0xAF))))),
            Named.of(
                    "a UTF-16 surrogate encoded as UTF-8 in a gzip body",
                    new Case(
                            400,
                            "invalid_utf8",
                            binary(now -> ChunkParser.gzip(withRawBytesInUrl(now, 0xED, 0xA0, 0x80))))),
            Named.of(
                    "timestamp 2^64 ms past now (wraps to now in 64 bits)",
                    new Case(
                            400,
                            "timestamp_in_future",
                            chunk(now -> withEvents("["
                                    + event(now)
                                            .replace(
                                                    "\"timestamp\":" + now,
                                                    "\"timestamp\":"
                                                            + java.math.BigInteger.ONE
                                                                    .shiftLeft(64)
                                                                    .add(java.math.BigInteger.valueOf(now)))
                                    + "]")))),
            Named.of(
                    "timestamp 2^64 ms before now",
                    new Case(
                            400,
                            "timestamp_too_old",
                            chunk(now -> withEvents("["
                                    + event(now)
                                            .replace(
                                                    "\"timestamp\":" + now,
                                                    "\"timestamp\":"
                                                            + java.math.BigInteger.valueOf(now)
                                                                    .subtract(java.math.BigInteger.ONE.shiftLeft(64)))
                                    + "]")))),
            Named.of("gzip bomb", new Case(413, "decompressed_too_large", binary(now -> gzipBomb()))),
            Named.of("truncated gzip", new Case(400, "invalid_gzip", binary(now -> {
                byte[] gzip = Chunks.gzip(valid(now));
                return java.util.Arrays.copyOf(gzip, gzip.length / 2);
            }))),
            Named.of(
                    "gzip of something that is not JSON",
                    new Case(400, "invalid_json", binary(now -> Chunks.gzip("not json at all")))),
            Named.of(
                    "body over 1 MB",
                    new Case(
                            413,
                            "body_too_large",
                            chunk(now ->
                                    withEvents("[" + event(now) + "]") + " ".repeat(IngestLimits.MAX_BODY_BYTES)))),
            Named.of("base64 flag on a body that is not base64", new Case(400, "invalid_body", f -> {
                APIGatewayV2HTTPEvent e = ingest(f.ingestKey())
                        .text("%%% not base64 %%%", "application/octet-stream")
                        .build();
                e.setIsBase64Encoded(true);
                return e;
            })),
            Named.of(
                    "ingest key missing",
                    new Case(
                            401,
                            "missing_key",
                            f -> ApiEvents.request("POST", "/v1/ingest")
                                    .text(valid(f.now()), "text/plain")
                                    .build())),
            Named.of(
                    "ingest key unknown",
                    new Case(
                            401,
                            "invalid_key",
                            f -> ingest("pk_" + "A".repeat(32))
                                    .text(valid(f.now()), "text/plain")
                                    .build())),
            Named.of(
                    "ingest key rotated away",
                    new Case(
                            401,
                            "invalid_key",
                            f -> ingest(f.rotatedIngestKey())
                                    .text(valid(f.now()), "text/plain")
                                    .build())),
            Named.of(
                    "api key used as ingest key",
                    new Case(
                            401,
                            "invalid_key",
                            f -> ingest(f.apiKey())
                                    .text(valid(f.now()), "text/plain")
                                    .build())),
            Named.of(
                    "origin not in the allowed origins",
                    new Case(
                            403,
                            "origin_not_allowed",
                            f -> ApiEvents.request("POST", "/v1/ingest")
                                    .query("key", f.restrictedIngestKey())
                                    .header("origin", "https://evil.example")
                                    .text(valid(f.now()), "text/plain")
                                    .build())),
            Named.of(
                    "no origin while origins are restricted",
                    new Case(
                            403,
                            "origin_not_allowed",
                            f -> ApiEvents.request("POST", "/v1/ingest")
                                    .query("key", f.restrictedIngestKey())
                                    .text(valid(f.now()), "text/plain")
                                    .build())));

    static Stream<Named<Case>> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithItsCodeAndStoresNothing(Case c) {
        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(c.request().apply(fixture), null);

        // then
        JsonNode body = Tenants.read(response);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(c.status());
        assertThat(body.at("/error/code").asText()).isEqualTo(c.code());
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(Emulator.S3
                        .listObjectsV2(r -> r.bucket(rewind.config.chunksBucket()))
                        .keyCount())
                .isZero();
        assertThat(Emulator.DYNAMO
                        .scan(r -> r.tableName(rewind.config.sessionsTable()))
                        .count())
                .isZero();
        assertThat(Emulator.DYNAMO
                        .scan(r -> r.tableName(rewind.config.userSessionsTable()))
                        .count())
                .isZero();
    }
}
