package dev.rewind.insights;

import java.time.LocalDate;

/**
 * What one session adds to one error group at one save (docs/INSIGHTS.md, "Error groups"): the occurrences
 * new since it was last counted, on the day of the session's first occurrence of the group; 1 session with
 * its browser and {@code moment} when the session is new to the group; its user's bucket ({@link UserBuckets})
 * when its user is new to it, else -1; when the session first and last hit it, and the sample it saw first.
 */
public record ErrorChange(
        String groupId,
        LocalDate day,
        int occurrences,
        int sessions,
        int userBucket,
        String browser,
        Moment moment,
        long firstAt,
        long lastAt,
        String message,
        String stack) {}
