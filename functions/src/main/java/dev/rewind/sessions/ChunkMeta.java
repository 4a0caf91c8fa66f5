package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public record ChunkMeta(String url, String referrer, String userId, String userAgent, Integer viewportWidth, Integer viewportHeight) {
    public static ChunkMeta from(JsonNode meta, String userAgentHeader) {
        if (meta == null || !meta.isObject()) {
            return new ChunkMeta(null, null, null, userAgentHeader, null, null);
        }
        return new ChunkMeta(text(meta, "url"), text(meta, "referrer"), text(meta, "userId"),
                meta.hasNonNull("userAgent") ? meta.get("userAgent").asText() : userAgentHeader, null, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
