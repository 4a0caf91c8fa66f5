package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.RecorderTags;
import dev.rewind.frustration.Rrweb;
import java.util.Set;

/**
 * One validated chunk of one session (docs/INGEST.md): its events, the meta
 * the recorder sent, the user ids it carries (meta and identify events, {@link dev.rewind.sessions.UserIds}),
 * and the gzip bytes that are stored as they are.
 */
public record Chunk(
        String sessionId,
        int seq,
        JsonNode events,
        JsonNode meta,
        long firstTimestamp,
        long lastTimestamp,
        Set<String> userIds,
        byte[] gzipJson) {

    /** Whether an event of it names stored copies of recorded URLs ({@link RecorderTags#ASSET}, docs/ASSETS.md). */
    public boolean namesAssets() {
        for (JsonNode event : events) {
            if (Rrweb.isCustom(event, RecorderTags.ASSET)) {
                return true;
            }
        }
        return false;
    }
}
