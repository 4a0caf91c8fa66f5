package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optional {@code meta} of an ingested chunk (docs/INGEST.md), plus the user agent: the one the
 * recorder put in meta (an imported recording's) or else the request's header.
 */
public record ChunkMeta(String url, String referrer, String userId, String userAgent, Integer viewportWidth,
                        Integer viewportHeight) {

    public static final ChunkMeta NONE = new ChunkMeta(null, null, null, null, null, null);

    /**
     * Reads what is there and of the right type; anything else is null. The viewport may come as
     * {@code viewport: {width, height}} or as {@code viewportWidth} / {@code viewportHeight}.
     */
    public static ChunkMeta from(JsonNode metaOrNull, String userAgentHeader) {
        String header = blankToNull(userAgentHeader);
        if (metaOrNull == null || !metaOrNull.isObject()) {
            return new ChunkMeta(null, null, null, header, null, null);
        }
        String userAgent = text(metaOrNull, "userAgent");
        JsonNode viewport = metaOrNull.get("viewport");
        Integer width;
        Integer height;
        if (viewport != null && viewport.isObject()) {
            width = integer(viewport, "width");
            height = integer(viewport, "height");
        } else {
            width = integer(metaOrNull, "viewportWidth");
            height = integer(metaOrNull, "viewportHeight");
        }
        return new ChunkMeta(text(metaOrNull, "url"), text(metaOrNull, "referrer"), userId(metaOrNull),
                userAgent != null ? userAgent : header, width, height);
    }

    /** A user id may be sent as a string or an integer ({@link UserIds}). */
    private static String userId(JsonNode meta) {
        return UserIds.of(meta.get("userId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? blankToNull(value.asText()) : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToInt() ? value.asInt() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
