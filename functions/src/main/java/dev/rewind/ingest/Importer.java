package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused.Reason;
import dev.rewind.common.Refused;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code POST /v1/sessions/import}: an rrweb recording from elsewhere, cut into chunks that go through
 * the same validation and pipeline as live ones. Its timestamps are shifted so that it ends now
 * (a recording made months ago would otherwise fall outside retention at once); the original start
 * stays in each chunk's meta as {@code importedFrom}.
 */
public final class Importer {
    /** An import is one request: API Gateway and Lambda cap it near 6 MB anyway. */
    public static final int MAX_IMPORT_EVENTS = IngestLimits.IMPORT_EVENTS_PER_CHUNK * 200;

    private final Ingestion ingestion;
    private final Clock clock;

    public Importer(Ingestion ingestion, Clock clock) {
        this.ingestion = ingestion;
        this.clock = clock;
    }

    /** Imports the recording ({@code {events, meta?}}) as a new, finished session; returns its id. */
    public String importRecording(Tenant tenant, JsonNode body, String userAgent) {
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new Refused(Reason.INVALID_EVENTS, "events must be a non-empty array of rrweb events");
        }
        if (events.size() > MAX_IMPORT_EVENTS) {
            throw new Refused(Reason.TOO_MANY_EVENTS, "an import has at most " + MAX_IMPORT_EVENTS + " events");
        }
        JsonNode meta = body.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw new Refused(Reason.INVALID_META, "meta must be an object");
        }
        long last = Long.MIN_VALUE;
        long first = Long.MAX_VALUE;
        for (JsonNode e : events) {
            if (!e.isObject() || !e.path("timestamp").isNumber() || !e.path("type").isIntegralNumber()) {
                throw new Refused(Reason.INVALID_EVENT, "each event needs an integer type and a numeric timestamp");
            }
            last = Math.max(last, e.get("timestamp").asLong());
            first = Math.min(first, e.get("timestamp").asLong());
        }
        long now = clock.millis();
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
            ingestion.ingest(tenant, chunk, userAgent);
            seq++;
        }
        ingestion.finish(tenant, sessionId);
        Log.info("session_imported", "tenantId", tenant.tenantId(), "chunks", seq);
        return sessionId;
    }
}
