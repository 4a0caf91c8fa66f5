package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.RecorderTags;
import java.util.Set;

/**
 * One validated chunk of one session (docs/INGEST.md): its events, the meta
 * the recorder sent, the user ids it carries (meta and identify events, {@link dev.rewind.sessions.UserIds}),
 * whether an event of it names stored copies of recorded URLs ({@link RecorderTags#ASSET}, docs/ASSETS.md;
 * found in validation's pass over the events), and the gzip bytes that are stored as they are.
 */
public record Chunk(
        String sessionId,
        int seq,
        JsonNode events,
        JsonNode meta,
        long firstTimestamp,
        long lastTimestamp,
        Set<String> userIds,
        boolean namesAssets,
        byte[] gzipJson) {}
