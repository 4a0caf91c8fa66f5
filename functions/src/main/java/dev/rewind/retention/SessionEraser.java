package dev.rewind.retention;

import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.ChunkStore;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Erases sessions: every chunk first, then the index item, so a failure half-way leaves an item that is
 * found again, never chunks nobody can find. The retention sweep and the TTL stream consumer erase
 * through here, in AWS and in the tests alike (docs/RETENTION.md); {@link #erase} is the same for an admin's
 * delete of a session that may still be live.
 */
public final class SessionEraser {
    /** A session takes a chunk every few seconds at most, so a handful of looks settles any race. */
    static final int MAX_ATTEMPTS = 5;

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

    public SessionEraser(ChunkStore chunks, SessionIndex index) {
        this.chunks = chunks;
        this.index = index;
    }

    /**
     * Erases the session if it started before {@code edge}. The item goes only if no chunk was indexed
     * since it was read; otherwise the session is read again and its new chunks are deleted too, so a
     * chunk that lands during the erase cannot outlive its session.
     */
    public Erasure eraseStartedBefore(String tenantId, String sessionId, long edge) {
        // the index entry may be stale: read consistently, a young session with this id stays
        return erase(tenantId, sessionId, session -> session.isListed() && session.state.startedAt() < edge);
    }

    /**
     * Erases the session whatever its age, listed or not (an admin's delete), with the same guarantee
     * against a chunk landing during the erase.
     */
    public Erasure erase(String tenantId, String sessionId) {
        return erase(tenantId, sessionId, session -> true);
    }

    private Erasure erase(String tenantId, String sessionId, Predicate<SessionRecord> due) {
        int erasedChunks = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<SessionRecord> current = index.load(tenantId, sessionId);
            if (current.isEmpty()) {
                return new Erasure(Outcome.GONE, erasedChunks);
            }
            SessionRecord session = current.get();
            if (!due.test(session)) {
                return new Erasure(Outcome.KEPT, erasedChunks);
            }
            erasedChunks += chunks.deleteSession(tenantId, sessionId);
            if (index.deleteIfUnchanged(tenantId, sessionId, session.version)) {
                return new Erasure(Outcome.ERASED, erasedChunks);
            }
        }
        throw new IllegalStateException("session " + sessionId + " kept changing while it was erased");
    }

    /**
     * Deletes the chunks of a session whose item DynamoDB TTL removed. If an item with that id exists
     * again, a newer session owns the prefix now and its own expiry will take the old chunks along.
     */
    public Erasure eraseChunksOfRemoved(String tenantId, String sessionId) {
        if (index.load(tenantId, sessionId).isPresent()) {
            return new Erasure(Outcome.KEPT, 0);
        }
        int erasedChunks = chunks.deleteSession(tenantId, sessionId);
        return new Erasure(erasedChunks == 0 ? Outcome.GONE : Outcome.ERASED, erasedChunks);
    }
}
