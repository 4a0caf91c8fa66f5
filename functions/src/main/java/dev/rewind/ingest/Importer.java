package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.retention.SessionEraser;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
    private final SessionEraser eraser;
    private final Clock clock;

    public Importer(Ingestion ingestion, SessionEraser eraser, Clock clock) {
        this.ingestion = ingestion;
        this.eraser = eraser;
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
            // canConvertToLong: a timestamp beyond 64 bits would wrap round in asLong()
            if (!e.isObject()
                    || !e.path("timestamp").isNumber()
                    || !e.path("timestamp").canConvertToLong()
                    || !e.path("type").isIntegralNumber()) {
                throw new Refused(
                        Reason.INVALID_EVENT, "each event needs an integer type and a numeric timestamp of 64 bits");
            }
            last = Math.max(last, e.get("timestamp").asLong());
            first = Math.min(first, e.get("timestamp").asLong());
        }
        if (last - first > IngestLimits.MAX_SESSION_LENGTH_MS) {
            throw ChunkParser.sessionTooLong();
        }
        long now = clock.millis();
        long shift = now - last;
        String sessionId = "imp_" + Keys.newId() + Keys.newId();
        // every chunk is built and validated before the first is stored: a refused import leaves nothing
        List<Chunk> chunks = new ArrayList<>();
        Set<String> userIds = new TreeSet<>();
        for (int start = 0; start < events.size(); start += IngestLimits.IMPORT_EVENTS_PER_CHUNK) {
            ArrayNode chunkEvents = Json.MAPPER.createArrayNode();
            for (int i = start; i < Math.min(events.size(), start + IngestLimits.IMPORT_EVENTS_PER_CHUNK); i++) {
                ObjectNode event = events.get(i).deepCopy();
                event.put("timestamp", event.get("timestamp").asLong() + shift);
                chunkEvents.add(event);
            }
            ObjectNode envelope = Json.object().put("sessionId", sessionId).put("seq", chunks.size());
            envelope.set("events", chunkEvents);
            ObjectNode chunkMeta = meta == null || meta.isNull() ? Json.object() : ((ObjectNode) meta).deepCopy();
            chunkMeta.put("importedFrom", first);
            // an import is judged on its nodes, as any rrweb recording: its hints were never promised
            // complete by a recorder that sent the chunks (docs/INGEST.md, "Chunk meta")
            chunkMeta.remove("hints");
            envelope.set("meta", chunkMeta);
            byte[] gzip = ChunkParser.gzip(Json.write(envelope).getBytes(StandardCharsets.UTF_8));
            Chunk chunk = ChunkParser.validate(envelope, now, gzip);
            userIds.addAll(chunk.userIds());
            chunks.add(chunk);
        }
        if (userIds.size() > IngestLimits.MAX_USER_IDS_PER_SESSION) {
            throw ChunkParser.tooManyUserIds();
        }
        try {
            for (Chunk chunk : chunks) {
                ingestion.ingest(tenant, chunk, userAgent);
            }
            ingestion.finish(tenant, sessionId);
        } catch (RuntimeException e) {
            rollBack(tenant, sessionId, e);
            throw e;
        }
        Log.info("session_imported", "tenantId", tenant.tenantId(), "chunks", chunks.size());
        return sessionId;
    }

    /**
     * Storing failed half-way (storage unavailable): what was stored of the import is erased, so a retry
     * (a new import) does not leave a partial copy behind. If storage is still away, the erasure fails too
     * and the partial session stays until a delete or retention takes it; the original failure is answered.
     */
    private void rollBack(Tenant tenant, String sessionId, RuntimeException failure) {
        try {
            eraser.erase(tenant, sessionId);
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
            Log.warn(
                    "session_import_rollback_failed",
                    "tenantId",
                    tenant.tenantId(),
                    "sessionId",
                    sessionId,
                    "error",
                    Log.failure(alsoFailed));
        }
    }
}
