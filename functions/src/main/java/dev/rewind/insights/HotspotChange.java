package dev.rewind.insights;

/**
 * What one session adds to one hotspot at one save: the frustrations new since it was last counted, 1
 * session when the session is new to the hotspot (with its {@code moment}), and its user's bucket
 * ({@link UserBuckets}) when the session's user is new to it, else -1.
 */
public record HotspotChange(
        HotspotKey key,
        int rageClicks,
        int deadClicks,
        int errorClicks,
        int errors,
        int quickBacks,
        int excessiveScrolls,
        int formAbandonments,
        int sessions,
        int userBucket,
        Moment moment) {}
