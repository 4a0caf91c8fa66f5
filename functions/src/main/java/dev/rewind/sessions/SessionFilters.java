package dev.rewind.sessions;

/** The list filters applied to a fetched session (those the chosen index did not apply). */
public final class SessionFilters {
    private SessionFilters() {}

    public static boolean matches(SessionState s, SessionQuery q) {
        if (!s.flags().containsAll(q.flags())) {
            return false;
        }
        if (q.userId() != null && !q.userId().equals(s.userId())) {
            return false;
        }
        if (q.userIdPrefix() != null && (s.userId() == null || !s.userId().startsWith(q.userIdPrefix()))) {
            return false;
        }
        if (q.minDurationMs() != null && s.durationMs() < q.minDurationMs()) {
            return false;
        }
        if (q.browser() != null && (s.browser() == null || !s.browser().equalsIgnoreCase(q.browser()))) {
            return false;
        }
        if (q.errorGroup() != null
                && s.errorGroups().stream().noneMatch(e -> e.groupId().equals(q.errorGroup()))) {
            return false;
        }
        if (q.url() != null) {
            String needle = q.url().toLowerCase();
            return s.urls().stream().anyMatch(u -> u.toLowerCase().contains(needle));
        }
        return true;
    }
}
