package dev.rewind.insights;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * One error group's counts on one UTC day (item {@code e#<day>#<groupId>}): occurrences, sessions, the
 * users' bitmap ({@link UserBuckets}) and the sessions by browser. {@code version} as {@link Hotspot}'s.
 */
public record ErrorDay(
        String groupId,
        LocalDate day,
        int occurrences,
        int sessions,
        byte[] users,
        Map<String, Integer> browsers,
        Long version) {

    /** Browsers a day keeps by name; the rest count as "other". */
    public static final int MAX_BROWSERS = 8;

    public static ErrorDay empty(String groupId, LocalDate day) {
        return new ErrorDay(groupId, day, 0, 0, null, Map.of(), null);
    }

    public ErrorDay plus(ErrorChange change) {
        Map<String, Integer> byBrowser = new TreeMap<>(browsers);
        if (change.sessions() > 0) {
            String browser = change.browser() == null || change.browser().isBlank() ? "unknown" : change.browser();
            if (!byBrowser.containsKey(browser) && byBrowser.size() >= MAX_BROWSERS) {
                browser = "other";
            }
            byBrowser.merge(browser, change.sessions(), Integer::sum);
        }
        return new ErrorDay(
                groupId,
                day,
                occurrences + change.occurrences(),
                sessions + change.sessions(),
                change.userBucket() >= 0 ? UserBuckets.with(users, change.userBucket()) : users,
                Map.copyOf(byBrowser),
                version);
    }

    /** When DynamoDB TTL may drop it (epoch s), as a hotspot's. */
    public long expiresAtEpochSeconds() {
        return day.plusDays(Insights.KEPT_DAYS).toEpochDay() * 86_400L;
    }
}
