package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.api.ApiException;
import dev.rewind.api.Json;
import dev.rewind.api.Log;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;

import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/sessions/import}: an rrweb recording from elsewhere, cut into chunks that go through
 * the same validation and pipeline as live ones. Its timestamps are shifted so that it ends now
 * (a recording made months ago would otherwise fall outside retention at once); the original start
 * stays in each chunk's meta as {@code importedFrom}.
 */
public final class Importer {
    /** An import is one request: API Gateway and Lambda cap it near 6 MB anyway. */
    public static final int MAX_IMPORT_EVENTS = IngestLimits.IMPORT_EVENTS_PER_CHUNK * 200;

    private Importer() {}

    public static String importRecording(Rewind rewind, Tenant tenant, JsonNode body, String userAgent) {
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ApiException.badRequest("invalid_events", "events must be a non-empty array of rrweb events");
        }
        if (events.size() > MAX_IMPORT_EVENTS) {
            throw new ApiException(413, "too_many_events", "an import has at most " + MAX_IMPORT_EVENTS + " events");
        }
        JsonNode meta = body.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApiException.badRequest("invalid_meta", "meta must be an object");
        }
        long last = Long.MIN_VALUE;
        long first = Long.MAX_VALUE;
        for (JsonNode e : events) {
            // canConvertToLong: a timestamp beyond 64 bits would wrap round in asLong()
            if (!e.isObject() || !e.path("timestamp").isNumber() || !e.path("timestamp").canConvertToLong()
                    || !e.path("type").isIntegralNumber()) {
                throw ApiException.badRequest("invalid_event", "each event needs an integer type and a numeric timestamp of 64 bits");
            }
            last = Math.max(last, e.get("timestamp").asLong());
            first = Math.min(first, e.get("timestamp").asLong());
        }
        long now = rewind.clock.millis();
        long shift = now - last;
        String sessionId = "imp_" + Keys.newId() + Keys.newId();
        int seq = 0;
        for (int start = 0; start < events.size(); start += IngestLimits.IMPORT_EVENTS_PER_CHUNK) {
            ArrayNode chunkEvents = Json.MAPPER.createArrayNode();
            for (int i = start; i < Math.min(events.size(), start + IngestLimits.IMPORT_EVENTS_PER_CHUNK); i++) {
                ObjectNode event = events.get(i).deepCopy();
                event.put("timestamp", event.get("timestamp").asLong() + shift);
                chunkEvents.add(event);
            }
            ObjectNode envelope = Json.object().put("sessionId", sessionId).put("seq", seq);
            envelope.set("events", chunkEvents);
            ObjectNode chunkMeta = meta == null || meta.isNull() ? Json.object() : ((ObjectNode) meta).deepCopy();
            chunkMeta.put("importedFrom", first);
            envelope.set("meta", chunkMeta);
            byte[] gzip = ChunkParser.gzip(Json.write(envelope).getBytes(StandardCharsets.UTF_8));
            Chunk chunk = ChunkParser.validate(envelope, now, gzip);
            rewind.ingestion.ingest(tenant, chunk, userAgent);
            seq++;
        }
        rewind.ingestion.finish(tenant, sessionId);
        Log.info("session_imported", "tenantId", tenant.tenantId(), "chunks", seq);
        return sessionId;
    }
}
