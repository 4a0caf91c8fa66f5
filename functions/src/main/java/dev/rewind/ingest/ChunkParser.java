package dev.rewind.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.rewind.common.Json;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.common.Utf8;
import dev.rewind.frustration.RecorderTags;
import dev.rewind.frustration.Rrweb;
import dev.rewind.sessions.UserIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns an ingest body into a {@link Chunk} or refuses it with the documented code. Gzip is detected by
 * its magic bytes, so the recorder may pick any CORS-safelisted content type. Every body, gzip or not,
 * must be strict UTF-8 ({@link Utf8}).
 */
public final class ChunkParser {
    private ChunkParser() {}

    public static Chunk parse(byte[] body, long now) {
        if (body.length == 0) {
            throw new Refused(Reason.EMPTY_BODY, "the body is empty");
        }
        if (body.length > IngestLimits.MAX_BODY_BYTES) {
            throw new Refused(Reason.BODY_TOO_LARGE, "the body exceeds " + IngestLimits.MAX_BODY_BYTES + " bytes");
        }
        if (isGzip(body)) {
            // parsed straight from the inflating stream: the gzip bytes are what gets stored, as one member
            Inflated inflated = readGzipJson(body);
            return validate(inflated.root(), now, oneMember(body, inflated.bytes()) ? body : gzip(inflate(body)));
        }
        if (!Utf8.isValid(body)) {
            throw invalidUtf8();
        }
        return validate(readJson(body), now, gzip(body));
    }

    /** Validates a chunk envelope already parsed (the import path builds envelopes itself). */
    public static Chunk validate(JsonNode root, long now, byte[] gzipJson) {
        if (!root.isObject()) {
            throw new Refused(Reason.NOT_A_CHUNK, "the body must be a JSON object");
        }
        JsonNode sessionId = root.get("sessionId");
        if (sessionId == null || !sessionId.isTextual()) {
            throw new Refused(Reason.INVALID_SESSION_ID, "sessionId must be a string");
        }
        if (!IngestLimits.SESSION_ID.matcher(sessionId.asText()).matches()) {
            throw new Refused(Reason.INVALID_SESSION_ID, "sessionId must match [A-Za-z0-9_-]{16,64}");
        }
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToInt() || seq.asInt() < 0) {
            throw new Refused(Reason.INVALID_SEQ, "seq must be an integer >= 0");
        }
        if (seq.asInt() >= IngestLimits.MAX_CHUNKS_PER_SESSION) {
            throw new Refused(
                    Reason.TOO_MANY_CHUNKS, "a session has at most " + IngestLimits.MAX_CHUNKS_PER_SESSION + " chunks");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new Refused(Reason.INVALID_EVENTS, "events must be an array");
        }
        if (events.isEmpty()) {
            throw new Refused(Reason.INVALID_EVENTS, "events must not be empty");
        }
        if (events.size() > IngestLimits.MAX_EVENTS_PER_CHUNK) {
            throw new Refused(
                    Reason.TOO_MANY_EVENTS, "a chunk has at most " + IngestLimits.MAX_EVENTS_PER_CHUNK + " events");
        }
        JsonNode meta = root.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw new Refused(Reason.INVALID_META, "meta must be an object");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean namesAssets = false;
        for (JsonNode event : events) {
            JsonNode type = event.get("type");
            JsonNode timestamp = event.get("timestamp");
            if (!event.isObject()
                    || type == null
                    || !type.isIntegralNumber()
                    || timestamp == null
                    || !timestamp.isNumber()) {
                throw new Refused(Reason.INVALID_EVENT, "each event needs an integer type and a numeric timestamp");
            }
            long ts = timestampMillis(timestamp);
            first = Math.min(first, ts);
            last = Math.max(last, ts);
            namesAssets = namesAssets || Rrweb.isCustom(event, RecorderTags.ASSET);
        }
        if (last - first > IngestLimits.MAX_SESSION_LENGTH_MS) {
            throw sessionTooLong();
        }
        if (last > now + IngestLimits.MAX_FUTURE_SKEW_MS) {
            throw timestampInFuture();
        }
        if (first < now - IngestLimits.MAX_EVENT_AGE_MS) {
            throw timestampTooOld();
        }
        Set<String> userIds = UserIds.carriedBy(events, meta);
        if (userIds.size() > IngestLimits.MAX_USER_IDS_PER_SESSION) {
            throw tooManyUserIds();
        }
        return new Chunk(sessionId.asText(), seq.asInt(), events, meta, first, last, userIds, namesAssets, gzipJson);
    }

    static Refused sessionTooLong() {
        return new Refused(Reason.SESSION_TOO_LONG, "a session lasts at most 6 hours");
    }

    static Refused tooManyUserIds() {
        return new Refused(
                Reason.TOO_MANY_USER_IDS,
                "a session carries at most " + IngestLimits.MAX_USER_IDS_PER_SESSION + " distinct user ids");
    }

    /**
     * An event's numeric timestamp as epoch milliseconds, read exactly: a number beyond 64 bits is
     * refused (in the future or too old, by its sign), never wrapped round into the accepted window;
     * Jackson's {@code asLong()} alone would turn 2^64 + now into now.
     */
    private static long timestampMillis(JsonNode timestamp) {
        if (!timestamp.canConvertToLong()) {
            throw timestamp.decimalValue().signum() > 0 ? timestampInFuture() : timestampTooOld();
        }
        return timestamp.asLong();
    }

    private static Refused timestampInFuture() {
        return new Refused(Reason.TIMESTAMP_IN_FUTURE, "events are stamped more than 5 minutes ahead of the server");
    }

    private static Refused timestampTooOld() {
        return new Refused(Reason.TIMESTAMP_TOO_OLD, "events are older than 24 hours");
    }

    static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    private static JsonNode readJson(byte[] json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null) {
                throw new Refused(Reason.NOT_JSON, "the body is not JSON");
            }
            return root;
        } catch (JsonParseException e) {
            throw jsonError(e);
        } catch (IOException e) {
            throw new Refused(Reason.NOT_JSON, "the body is not valid JSON");
        }
    }

    /** Leaves the inflating stream open after the JSON, for the rest of it to be read. */
    private static final ObjectReader TO_THE_END = Json.MAPPER.reader().without(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /** A gzip body's JSON and how many bytes it inflated to. */
    private record Inflated(JsonNode root, long bytes) {}

    /**
     * Whether the body is a single gzip member: the last member's ISIZE (RFC 1952, 2.3.1) is the whole
     * body's inflated length. Rewind's recorder sends one member; another client (or an older
     * recorder) may send several (docs/INGEST.md, "Page hide"); browsers inflate only the first member of a
     * Content-Encoding gzip object, so such a body is stored re-compressed as one.
     */
    static boolean oneMember(byte[] body, long inflatedBytes) {
        int n = body.length;
        long isize = (body[n - 4] & 0xffL)
                | (body[n - 3] & 0xffL) << 8
                | (body[n - 2] & 0xffL) << 16
                | (body[n - 1] & 0xffL) << 24;
        return isize == (inflatedBytes & 0xffffffffL);
    }

    private static Inflated readGzipJson(byte[] body) {
        try (CappedInputStream capped =
                        new CappedInputStream(new GZIPInputStream(new ByteArrayInputStream(body), 8192));
                InputStream in = Utf8.checking(capped)) {
            JsonNode root = TO_THE_END.readTree(in);
            if (root == null) {
                throw new Refused(Reason.NOT_JSON, "the body is not JSON");
            }
            // to the end: every member's checksum is verified, and what follows the JSON counts too
            in.transferTo(OutputStream.nullOutputStream());
            return new Inflated(root, capped.read);
        } catch (CappedInputStream.TooLarge e) {
            throw new Refused(
                    Reason.DECOMPRESSED_TOO_LARGE,
                    "the body inflates past " + IngestLimits.MAX_DECOMPRESSED_BYTES + " bytes");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new Refused(Reason.NOT_GZIP, "the body is not valid gzip");
        } catch (Utf8.Malformed e) {
            throw invalidUtf8();
        } catch (JsonParseException e) {
            throw jsonError(e);
        } catch (IOException e) {
            throw new Refused(Reason.NOT_JSON, "the body is not valid JSON");
        }
    }

    private static Refused jsonError(JsonParseException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("UTF-8")) {
            return invalidUtf8();
        }
        return new Refused(Reason.NOT_JSON, "the body is not valid JSON");
    }

    private static Refused invalidUtf8() {
        return new Refused(Reason.NOT_UTF8, "the body is not valid UTF-8");
    }

    /** Stops inflation one byte past {@link IngestLimits#MAX_DECOMPRESSED_BYTES}, whatever the ratio: a gzip bomb costs nothing. */
    private static final class CappedInputStream extends java.io.FilterInputStream {
        static final class TooLarge extends IOException {
            TooLarge() {
                super("decompressed body too large", null);
            }
        }

        private long read;

        CappedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > IngestLimits.MAX_DECOMPRESSED_BYTES) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (read += n) > IngestLimits.MAX_DECOMPRESSED_BYTES) {
                throw new TooLarge();
            }
            return n;
        }
    }

    public static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The JSON of a tree, gzipped: written straight into the deflating stream, with no String or byte copy between. */
    static byte[] gzip(JsonNode json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            Json.MAPPER.writeValue(gz, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Whether two gzip chunks hold the same JSON, byte for byte once inflated. */
    static boolean sameJson(byte[] gzipA, byte[] gzipB) {
        return java.util.Arrays.equals(inflate(gzipA), inflate(gzipB));
    }

    private static byte[] inflate(byte[] gzip) {
        try (InputStream in = new CappedInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip), 8192))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("a chunk that passed validation does not inflate", e);
        }
    }

    /** Reads a stored chunk back into its envelope. */
    public static JsonNode readStored(byte[] gzipJson) {
        return readGzipJson(gzipJson).root();
    }
}
