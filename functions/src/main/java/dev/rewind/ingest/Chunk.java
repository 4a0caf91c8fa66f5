package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validated chunk of one session (docs/INGEST.md): its events, the meta the recorder sent, and the
 * gzip bytes that are stored as they are.
 */
public record Chunk(String sessionId, int seq, JsonNode events, JsonNode meta,
                    long firstTimestamp, long lastTimestamp, byte[] gzipJson) {}
