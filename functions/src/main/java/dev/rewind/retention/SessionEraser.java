package dev.rewind.retention;

import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Erases sessions: their chunks, their item, the links of the user ids they carried and their share
 * tokens. The retention sweep and the TTL stream consumer erase through here, in AWS and in the tests
 * alike (docs/RETENTION.md); {@link #erase} is an admin's delete of a session that may still be live.
 */
public final class SessionEraser {
    /** A session takes a chunk every few seconds at most, so a handful of looks settles any race. */
    static final int MAX_ATTEMPTS = 5;
    /**
     * How long a tombstone outlives the tenant's retention at the time of the deletion: longer than the
     * longest share link, so no link made before a deletion can outlive the tombstone (docs/RETENTION.md).
     */
    static final Duration TOMBSTONE_MARGIN = Duration.ofDays(31);

    public enum Outcome {
        /** Chunks and item deleted by this call. */
        ERASED,
        /** Someone else (another sweep, the API) deleted the item first; chunks this call deleted are counted. */
        GONE,
        /** Not erased: the session is inside retention, or its id is in use by a newer session. */
        KEPT
    }

    public record Erasure(Outcome outcome, int chunks) {}

    private final ChunkStore chunks;
    private final SessionIndex index;
    private final TenantStore tenants;
    private final Clock clock;

    public SessionEraser(ChunkStore chunks, SessionIndex index, TenantStore tenants, Clock clock) {
        this.chunks = chunks;
        this.index = index;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Erases the session if it started before {@code edge}. The item goes only if no chunk was indexed
     * since it was read; otherwise the session is read again and its new chunks are deleted too, so a
     * chunk that lands during the erase cannot outlive its session.
     */
    public Erasure eraseStartedBefore(String tenantId, String sessionId, long edge) {
        int erasedChunks = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            // the index entry may be stale: read consistently, a young session with this id stays
            Optional<SessionRecord> current = index.load(tenantId, sessionId);
            if (current.isEmpty() || current.get().isDeleted()) {
                return new Erasure(Outcome.GONE, erasedChunks);
            }
            SessionRecord session = current.get();
            if (!session.isListed() || session.state.startedAt() >= edge) {
                return new Erasure(Outcome.KEPT, erasedChunks);
            }
            erasedChunks += chunks.deleteSession(tenantId, sessionId);
            if (index.deleteIfUnchanged(tenantId, sessionId, session.version)) {
                forget(tenantId, sessionId, session.userIds);
                return new Erasure(Outcome.ERASED, erasedChunks);
            }
        }
        throw new IllegalStateException("session " + sessionId + " kept changing while it was erased");
    }

    /**
     * Erases the session whatever its age, listed or not (an admin's delete, erasure by user): a delete
     * wins over chunks still arriving, so this never has to retry. Its item is replaced by a tombstone
     * first; from then on ingest refuses the session's chunks (410) and deletes any it stored meanwhile
     * itself. Then every chunk under its prefix goes, the links of every user id it carried, and its share
     * tokens. Idempotent: a call that failed half-way is finished by the next.
     * @return ERASED when there was a session (or chunks of one) to erase, GONE when there was nothing
     */
    public Erasure erase(Tenant tenant, String sessionId) {
        String tenantId = tenant.tenantId();
        long now = clock.millis();
        long expiresAt = (now + tenant.retentionMillis() + TOMBSTONE_MARGIN.toMillis()) / 1000;
        Optional<SessionRecord> replaced = index.replaceWithTombstone(tenantId, sessionId, now, expiresAt);
        int erasedChunks = chunks.deleteSession(tenantId, sessionId);
        forget(tenantId, sessionId, replaced.map(r -> (Set<String>) r.userIds).orElse(Set.of()));
        return new Erasure(replaced.isPresent() || erasedChunks > 0 ? Outcome.ERASED : Outcome.GONE, erasedChunks);
    }

    /**
     * The links of the user ids the session carried, and its share tokens: they die with it. After its
     * item, so a failure in between leaves links to nothing (a later erasure by user, or their TTL, takes
     * them), never a session its user's erasure cannot find.
     */
    private void forget(String tenantId, String sessionId, Set<String> userIds) {
        for (String userId : userIds) {
            index.unlinkUser(tenantId, userId, sessionId);
        }
        tenants.deleteShares(tenantId, sessionId);
    }

    /**
     * Deletes the chunks of a session whose item DynamoDB TTL removed. If a session with that id exists
     * again, a newer session owns the prefix now and its own expiry will take the old chunks along; a
     * tombstone owns nothing (and its own expiry comes here too, taking whatever a crashed ingest left).
     */
    public Erasure eraseChunksOfRemoved(String tenantId, String sessionId) {
        if (index.load(tenantId, sessionId).filter(r -> !r.isDeleted()).isPresent()) {
            return new Erasure(Outcome.KEPT, 0);
        }
        int erasedChunks = chunks.deleteSession(tenantId, sessionId);
        return new Erasure(erasedChunks == 0 ? Outcome.GONE : Outcome.ERASED, erasedChunks);
    }
}
