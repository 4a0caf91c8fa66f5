package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optional {@code meta} of an ingested chunk (docs/INGEST.md), plus the user agent: the one the
 * recorder put in meta (an imported recording's) or else the request's header. {@code openerSessionId}
 * names the session this one was opened from (a copied tab's recorder forks; docs/INGEST.md).
 * {@code completeHints}: {@code meta.hints} is {@value #COMPLETE_HINTS}, our recorder's announcement that every
 * click of the session comes with a click hint carrying its own never-dead judgement, so the frustration
 * engine need not learn the page's interactive nodes (docs/FRUSTRATION.md, "Click hints").
 */
public record ChunkMeta(
        String url,
        String referrer,
        String userId,
        String userAgent,
        Integer viewportWidth,
        Integer viewportHeight,
        String openerSessionId,
        boolean completeHints) {

    /** The one value of {@code meta.hints} the server knows; any other is the same as none. */
    public static final String COMPLETE_HINTS = "complete";

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

    /** A meta without the hints announcement. */
    public ChunkMeta(
            String url,
            String referrer,
            String userId,
            String userAgent,
            Integer viewportWidth,
            Integer viewportHeight,
            String openerSessionId) {
        this(url, referrer, userId, userAgent, viewportWidth, viewportHeight, openerSessionId, false);
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
                sessionId(metaOrNull, "openerSessionId"),
                COMPLETE_HINTS.equals(text(metaOrNull, "hints")));
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
