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
        String cursor) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 25;

    public boolean filtersAfterRead() {
        return url != null || minDurationMs != null || browser != null || userIdPrefix != null || flags.size() > 1;
    }
}
