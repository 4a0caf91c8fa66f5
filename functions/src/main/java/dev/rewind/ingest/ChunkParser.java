package dev.rewind.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.ApiException;
import dev.rewind.api.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns an ingest body into a {@link Chunk} or refuses it with the documented code. Gzip is detected by
 * its magic bytes, so the recorder may pick any CORS-safelisted content type.
 */
public final class ChunkParser {
    private ChunkParser() {}

    public static Chunk parse(byte[] body, long now) {
        if (body.length == 0) {
            throw ApiException.badRequest("empty_body", "the body is empty");
        }
        if (body.length > IngestLimits.MAX_BODY_BYTES) {
            throw new ApiException(413, "body_too_large", "the body exceeds " + IngestLimits.MAX_BODY_BYTES + " bytes");
        }
        boolean gzipped = isGzip(body);
        byte[] json = gzipped ? gunzip(body) : body;
        JsonNode root = readJson(json);
        return validate(root, now, gzipped ? body : gzip(json));
    }

    /** Validates a chunk envelope already parsed (the import path builds envelopes itself). */
    public static Chunk validate(JsonNode root, long now, byte[] gzipJson) {
        if (!root.isObject()) {
            throw ApiException.badRequest("invalid_chunk", "the body must be a JSON object");
        }
        JsonNode sessionId = root.get("sessionId");
        if (sessionId == null || !sessionId.isTextual()) {
            throw ApiException.badRequest("invalid_session_id", "sessionId must be a string");
        }
        if (!IngestLimits.SESSION_ID.matcher(sessionId.asText()).matches()) {
            throw ApiException.badRequest("invalid_session_id", "sessionId must match [A-Za-z0-9_-]{16,64}");
        }
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToInt() || seq.asInt() < 0) {
            throw ApiException.badRequest("invalid_seq", "seq must be an integer >= 0");
        }
        if (seq.asInt() >= IngestLimits.MAX_CHUNKS_PER_SESSION) {
            throw new ApiException(413, "too_many_chunks", "a session has at most " + IngestLimits.MAX_CHUNKS_PER_SESSION + " chunks");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw ApiException.badRequest("invalid_events", "events must be an array");
        }
        if (events.isEmpty()) {
            throw ApiException.badRequest("invalid_events", "events must not be empty");
        }
        if (events.size() > IngestLimits.MAX_EVENTS_PER_CHUNK) {
            throw new ApiException(413, "too_many_events", "a chunk has at most " + IngestLimits.MAX_EVENTS_PER_CHUNK + " events");
        }
        JsonNode meta = root.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApiException.badRequest("invalid_meta", "meta must be an object");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JsonNode event : events) {
            JsonNode type = event.get("type");
            JsonNode timestamp = event.get("timestamp");
            if (!event.isObject() || type == null || !type.isIntegralNumber() || timestamp == null || !timestamp.isNumber()) {
                throw ApiException.badRequest("invalid_event", "each event needs an integer type and a numeric timestamp");
            }
            long ts = timestamp.asLong();
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }
        if (last - first > IngestLimits.MAX_SESSION_LENGTH_MS) {
            throw new ApiException(413, "session_too_long", "a session lasts at most 6 hours");
        }
        if (last > now + IngestLimits.MAX_FUTURE_SKEW_MS) {
            throw ApiException.badRequest("timestamp_in_future", "events are stamped more than 5 minutes ahead of the server");
        }
        if (first < now - IngestLimits.MAX_EVENT_AGE_MS) {
            throw ApiException.badRequest("timestamp_too_old", "events are older than 24 hours");
        }
        return new Chunk(sessionId.asText(), seq.asInt(), events, meta, first, last, gzipJson);
    }

    static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    private static JsonNode readJson(byte[] json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null) {
                throw ApiException.badRequest("invalid_json", "the body is not JSON");
            }
            return root;
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("UTF-8")) {
                throw ApiException.badRequest("invalid_utf8", "the body is not valid UTF-8");
            }
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON");
        }
    }

    /** Inflates with a hard cap: reading stops one byte past the limit, whatever the ratio. */
    static byte[] gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 8, IngestLimits.MAX_DECOMPRESSED_BYTES));
            byte[] buffer = new byte[16384];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > IngestLimits.MAX_DECOMPRESSED_BYTES) {
                    throw new ApiException(413, "decompressed_too_large",
                            "the body inflates past " + IngestLimits.MAX_DECOMPRESSED_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_gzip", "the body is not valid gzip");
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

    /** Reads a stored chunk back into its envelope. */
    public static JsonNode readStored(byte[] gzipJson) {
        try {
            return Json.MAPPER.readTree(gunzip(gzipJson));
        } catch (IOException e) {
            throw new IllegalStateException("stored chunk is not JSON", e);
        }
    }
}
