package dev.rewind.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One error group of a tenant, all days together (item {@code g#<groupId>}): the sample message and stack
 * (the first session's), when it was first and last seen (epoch ms of the occurrences), its status and
 * when it was resolved, and the latest {@link #MAX_SESSIONS} sessions that hit it, each at its first
 * occurrence there. {@code version} as {@link Hotspot}'s. Kept near 1 KB (a write unit; docs/INSIGHTS.md,
 * "Cost"): a 200-char message, a 600-char stack, five sessions.
 */
public record ErrorGroup(
        String groupId,
        String message,
        String stack,
        long firstSeen,
        long lastSeen,
        Status status,
        Long resolvedAt,
        List<Moment> sessions,
        Long version) {

    public static final int MAX_SESSIONS = 5;

    /** What an admin sets. */
    public enum Status {
        OPEN,
        RESOLVED,
        IGNORED;

        public String code() {
            return name().toLowerCase();
        }

        /** null for anything else. */
        public static Status ofCode(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return s;
                }
            }
            return null;
        }
    }

    public static ErrorGroup empty(String groupId) {
        return new ErrorGroup(groupId, null, null, 0, 0, Status.OPEN, null, List.of(), null);
    }

    /**
     * What the console shows: {@code regressed} when it was resolved and occurred after that, else its
     * status.
     */
    public String view() {
        if (status == Status.RESOLVED && resolvedAt != null && lastSeen > resolvedAt) {
            return "regressed";
        }
        return status.code();
    }

    public ErrorGroup plus(ErrorChange change) {
        List<Moment> latest = sessions;
        if (change.moment() != null) {
            latest = Moment.latest(sessions, change.moment(), MAX_SESSIONS);
        }
        boolean first = message == null;
        return new ErrorGroup(
                groupId,
                first ? change.message() : message,
                first ? change.stack() : stack,
                firstSeen == 0 ? change.firstAt() : Math.min(firstSeen, change.firstAt()),
                Math.max(lastSeen, change.lastAt()),
                status,
                resolvedAt,
                latest,
                version);
    }

    public ErrorGroup withStatus(Status next, long now) {
        return new ErrorGroup(
                groupId,
                message,
                stack,
                firstSeen,
                lastSeen,
                next,
                next == Status.RESOLVED ? Long.valueOf(now) : null,
                sessions,
                version);
    }

    /** When DynamoDB TTL may drop it (epoch s): as its last day's counts. */
    public long expiresAtEpochSeconds() {
        LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(lastSeen), ZoneOffset.UTC);
        return last.plusDays(Insights.KEPT_DAYS).toEpochDay() * 86_400L;
    }
}
