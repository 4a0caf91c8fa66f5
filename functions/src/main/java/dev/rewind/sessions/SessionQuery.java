package dev.rewind.sessions;

import java.util.List;

/** The filters of {@code GET /v1/sessions} (docs/ARCHITECTURE.md, "Session list"), already validated. Times in epoch ms. */
public record SessionQuery(
        List<String> flags,
        long from,
        long to,
        String url,
        Long minDurationMs,
        String userId,
        /** Sessions whose user id starts with this (case-sensitive): what a person types in the console's user filter. */
        String userIdPrefix,
        String browser,
        int limit,
        String cursor,
        /** Sessions that hit this error group (docs/INSIGHTS.md, "Error groups"): among those with the error flag. */
        String errorGroup) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 25;

    public SessionQuery(
            List<String> flags,
            long from,
            long to,
            String url,
            Long minDurationMs,
            String userId,
            String userIdPrefix,
            String browser,
            int limit,
            String cursor) {
        this(flags, from, to, url, minDurationMs, userId, userIdPrefix, browser, limit, cursor, null);
    }

    public boolean filtersAfterRead() {
        return url != null
                || minDurationMs != null
                || browser != null
                || userIdPrefix != null
                || errorGroup != null
                || flags.size() > 1;
    }
}
