package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optional {@code meta} of an ingested chunk (docs/INGEST.md), plus the user agent: the one the
 * recorder put in meta (an imported recording's) or else the request's header. {@code openerSessionId}
 * names the session this one was opened from (a copied tab's recorder forks; docs/INGEST.md).
 */
public record ChunkMeta(
        String url,
        String referrer,
        String userId,
        String userAgent,
        Integer viewportWidth,
        Integer viewportHeight,
        String openerSessionId) {

    public static final ChunkMeta NONE = new ChunkMeta(null, null, null, null, null, null);

    /** A meta without an opener. */
    public ChunkMeta(
            String url,
            String referrer,
            String userId,
            String userAgent,
            Integer viewportWidth,
            Integer viewportHeight) {
        this(url, referrer, userId, userAgent, viewportWidth, viewportHeight, null);
    }

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
        return new ChunkMeta(
                text(metaOrNull, "url"),
                text(metaOrNull, "referrer"),
                userId(metaOrNull),
                userAgent != null ? userAgent : header,
                width,
                height,
                sessionId(metaOrNull, "openerSessionId"));
    }

    /** A session id where one is named; anything that is not one is ignored. */
    private static String sessionId(JsonNode meta, String field) {
        String value = text(meta, field);
        return value != null && SessionLimits.SESSION_ID.matcher(value).matches() ? value : null;
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
