package dev.rewind.insights;

import java.util.List;

/**
 * One stored hotspot aggregate: the counts of one {@link HotspotKey}, the sessions and users it affected, and
 * its latest {@link #MAX_MOMENTS} replays. {@code version} is the stored version (null before the first
 * write): a write wins only over the version it read.
 */
public record Hotspot(
        HotspotKey key,
        int rageClicks,
        int deadClicks,
        int errorClicks,
        int errors,
        int quickBacks,
        int excessiveScrolls,
        int formAbandonments,
        int sessions,
        byte[] users,
        List<Moment> moments,
        Long version) {

    public static final int MAX_MOMENTS = 3;

    public static Hotspot empty(HotspotKey key) {
        return new Hotspot(key, 0, 0, 0, 0, 0, 0, 0, 0, null, List.of(), null);
    }

    /**
     * This aggregate with one session's change added: what the next write stores. A re-score's change may
     * be negative, and {@code sessions} -1 takes the session's replay out.
     */
    public Hotspot plus(HotspotChange change) {
        byte[] bitmap = change.userBucket() >= 0 ? UserBuckets.with(users, change.userBucket()) : users;
        List<Moment> latest = moments;
        if (change.sessions() < 0) {
            // a re-scored session left it (docs/FRUSTRATION.md, "Re-score history"): its replay goes too
            latest = moments.stream()
                    .filter(m -> !m.sessionId().equals(change.moment().sessionId()))
                    .toList();
        } else if (change.moment() != null) {
            latest = Moment.latest(moments, change.moment(), MAX_MOMENTS);
        }
        // never below 0: a re-score's negative change meets the counts it was taken from, unless the aggregate
        // expired and was written again since
        return new Hotspot(
                key,
                Math.max(0, rageClicks + change.rageClicks()),
                Math.max(0, deadClicks + change.deadClicks()),
                Math.max(0, errorClicks + change.errorClicks()),
                Math.max(0, errors + change.errors()),
                Math.max(0, quickBacks + change.quickBacks()),
                Math.max(0, excessiveScrolls + change.excessiveScrolls()),
                Math.max(0, formAbandonments + change.formAbandonments()),
                Math.max(0, sessions + change.sessions()),
                bitmap,
                latest,
                version);
    }

    /** When DynamoDB TTL may drop it (epoch s): once no view reaches its day, the previous 30 days included. */
    public long expiresAtEpochSeconds() {
        return key.day().plusDays(Insights.KEPT_DAYS).toEpochDay() * 86_400L;
    }
}
