package dev.rewind.sessions;

import java.util.Set;
import java.util.TreeSet;

/**
 * A session as the index keeps it: the seqs received, how far they were aggregated in order, the
 * carried {@link SessionState}, and the version that makes concurrent updates safe.
 */
public final class SessionRecord {
    public final String tenantId;
    public final String sessionId;
    public final TreeSet<Integer> seqs;
    public int processedThrough;
    public SessionState state;
    public String userAgent;
    /** When later chunks started waiting for a missing seq (epoch ms), 0 when none wait. */
    public long gapSince;
    /** When ingest last indexed a chunk of it (server epoch ms, the injected clock), 0 when unknown. */
    public long lastChunkAt;
    /**
     * When {@code Ingestion.finish} last decided its open windows (server epoch ms), 0 while a chunk has
     * come since: the session is open, and in the by-open index once it has a start.
     */
    public long finishedAt;
    /** Every user id its chunks ever carried, each linked to it for erasure by user (docs/RETENTION.md). */
    public final TreeSet<String> userIds = new TreeSet<>();
    /**
     * The seqs of its chunks that hold an {@code asset} event, naming stored copies of recorded URLs: the
     * replay reads those chunks for them (docs/ASSETS.md, "Replay").
     */
    public final TreeSet<Integer> assetSeqs = new TreeSet<>();
    /** When the session was deleted (epoch ms): the record is its tombstone. 0 for a session. */
    public long deletedAt;
    /**
     * What this session has added to its tenant's hotspot aggregates so far (the insights' own format,
     * docs/INSIGHTS.md), null before it added anything: stored with the session, in the same write as the
     * aggregates, so a chunk or a finish that comes again adds nothing again.
     */
    public String hotspotsCounted;
    /**
     * What this session has added to its tenant's error groups so far (docs/INSIGHTS.md, "Error groups"),
     * null before it added anything: written with the groups, as {@link #hotspotsCounted} is.
     */
    public String errorsCounted;
    /** null for a record not yet stored. */
    public final Long version;

    public SessionRecord(
            String tenantId,
            String sessionId,
            Set<Integer> seqs,
            int processedThrough,
            SessionState state,
            String userAgent,
            Long version) {
        this.tenantId = tenantId;
        this.sessionId = sessionId;
        this.seqs = new TreeSet<>(seqs);
        this.processedThrough = processedThrough;
        this.state = state;
        this.userAgent = userAgent;
        this.version = version;
    }

    public static SessionRecord fresh(String tenantId, String sessionId) {
        return new SessionRecord(tenantId, sessionId, Set.of(), -1, SessionState.empty(), null, null);
    }

    /** Whether chunks may still come that the idle-session finisher has to wait for. */
    public boolean isOpen() {
        return finishedAt == 0;
    }

    /** Whether any chunk has been aggregated, i.e. the session has a start and shows in lists. */
    public boolean isListed() {
        return processedThrough >= 0 && !isDeleted();
    }

    /**
     * Whether this is a deleted session's tombstone: it holds no recording data and no user id, is in no
     * index, and refuses the session's later chunks until it expires.
     */
    public boolean isDeleted() {
        return deletedAt > 0;
    }
}
