package dev.rewind.sessions;

import dev.rewind.frustration.EngineLimits;
import java.util.regex.Pattern;

/**
 * The bounds of a session's aggregated state ({@link SessionState}), which is rewritten on the
 * session's DynamoDB item with every chunk. With them the state's JSON never exceeds
 * {@link #MAX_STATE_BYTES}, however long the session (arithmetic in docs/FRUSTRATION.md, checked
 * by SessionStateBoundTest). Counts stay exact past every bound; only the lists stop growing.
 */
public final class SessionLimits {
    private SessionLimits() {}

    /** A session id (so no {@code ../}, no {@code /}); ingest refuses any other, meta ignores any other. */
    public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** Distinct visited URLs kept, in visiting order. */
    public static final int MAX_URLS = 50;

    /** Characters kept of a URL: the URL filter matches a substring of the first ones. */
    public static final int MAX_URL_CHARS = 256;

    /** Frustrations kept per type, the earliest first; 7 types, so at most 350 in all. */
    public static final int MAX_FRUSTRATIONS_PER_TYPE = 50;

    /** Characters kept of a user id. */
    public static final int MAX_USER_ID_CHARS = 256;

    /** Pages a session's story names (docs/FRUSTRATION.md, "Session story"); more are "+N more". */
    public static final int STORY_MAX_PAGES = 5;

    /** Frustrations a session's story names: one of each type first, most telling first, then the earliest. */
    public static final int STORY_MAX_FRUSTRATIONS = 3;

    /** Characters of a page a story shows (the path of its normalised URL), "…" when cut. */
    public static final int STORY_MAX_PAGE_CHARS = 60;

    /** Characters of an element's name or an error message a story shows, "…" when cut. */
    public static final int STORY_MAX_NAME_CHARS = 60;

    /** Upper bound of a story's text in chars, whatever the state holds (checked by SessionStoryTest). */
    public static final int STORY_MAX_CHARS = 800;

    /**
     * Error groups a session keeps with their sample (docs/INSIGHTS.md, "Error groups"): the first ones;
     * later groups still count in {@code errorCount}, and in no group.
     */
    public static final int MAX_ERROR_GROUPS = 10;

    /**
     * Upper bound of the error groups' share of the state: 10 × (a 200-char message and a 1,000-char stack
     * of 3-byte characters, the id and three numbers), checked by SessionErrorGroupsBoundTest.
     */
    public static final int MAX_ERROR_GROUPS_BYTES = 40 * 1024;

    /** Upper bound of {@link SessionState#toJson()} as UTF-8 bytes, the engine's state included. */
    public static final int MAX_STATE_BYTES = 240 * 1024 + MAX_ERROR_GROUPS_BYTES;

    /** Upper bound of the engine's share of it. */
    public static final int MAX_ENGINE_STATE_BYTES = EngineLimits.MAX_STATE_BYTES;
}
