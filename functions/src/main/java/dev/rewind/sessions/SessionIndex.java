package dev.rewind.sessions;

import java.util.List;
import java.util.Optional;

/** The session index: one record per session, listed newest first by start, user or flag. */
public interface SessionIndex {
    Optional<SessionRecord> load(String tenantId, String sessionId);

    /**
     * Stores the record if nobody else stored a newer version since it was loaded.
     * @return false when another writer won; the caller reloads and tries again
     */
    boolean save(SessionRecord record, long expiresAtEpochSeconds);

    /**
     * One page: at most one Query of each of the index's partitions (a tenant's index shards and its unsharded
     * key, in parallel; a user's one) and one BatchGet, never a Scan. {@code notBefore} is the retention edge.
     */
    SessionPage list(String tenantId, SessionQuery query, long notBefore);

    /** A session's place in the by-start index: where a walk through a tenant's old sessions goes on from. */
    record StartEntry(String sessionId, String startKey) {
        /** The entry as a walk's cursor that a queue message carries (session ids hold no line break), and back. */
        public String toCursor() {
            return sessionId + "\n" + startKey;
        }

        /** @param cursor a {@link #toCursor()}, or null (the start) */
        public static StartEntry fromCursor(String cursor) {
            if (cursor == null) {
                return null;
            }
            int split = cursor.indexOf('\n');
            if (split < 0) {
                throw new IllegalArgumentException("not a start entry cursor");
            }
            return new StartEntry(cursor.substring(0, split), cursor.substring(split + 1));
        }
    }

    /**
     * Sessions that started before {@code before}, oldest first, continuing after {@code after} (null: from
     * the oldest), at most {@code max}. The retention sweep walks a tenant's expired sessions with it.
     */
    List<StartEntry> startedBefore(String tenantId, long before, StartEntry after, int max);

    /** An open session as its item says: when ingest last indexed a chunk of it (server epoch ms, 0 unknown). */
    record OpenSession(String sessionId, long lastChunkAt) {}

    /** One page of open sessions; {@code next} is where the walk goes on from, null when the index has no more. */
    record OpenPage(List<OpenSession> sessions, StartEntry next) {}

    /**
     * Sessions not finished since their last chunk that started before {@code before}, oldest first,
     * continuing after {@code after} (null: from the oldest): one Query of at most {@code max} keys on the
     * by-open index and one BatchGet of their items. The idle-session finisher walks a tenant with it.
     */
    OpenPage openStartedBefore(String tenantId, long before, StartEntry after, int max);

    /**
     * Deletes the session's item only while it still holds {@code version}: a chunk indexed meanwhile
     * wins, and the caller looks at the session again.
     * @return false when the item changed or is gone
     */
    boolean deleteIfUnchanged(String tenantId, String sessionId, long version);

    /**
     * Replaces the session's item, whatever it holds, with a tombstone (docs/RETENTION.md): it is in no
     * index, holds no recording data, and every versioned write that raced it fails, so ingest sees it and
     * refuses the session's chunks until it expires.
     * @return the session it replaced, empty when there was none or it was a tombstone already
     */
    Optional<SessionRecord> replaceWithTombstone(
            String tenantId, String sessionId, long deletedAt, long expiresAtEpochSeconds);

    /** Records that the session carried the user id (idempotent): before any chunk carrying it is stored. */
    void linkUser(String tenantId, String userId, String sessionId, long expiresAtEpochSeconds);

    /** Every session linked to the user id, read consistently: each that ever carried it in a stored chunk. */
    List<String> sessionsOfUser(String tenantId, String userId);

    void unlinkUser(String tenantId, String userId, String sessionId);

    /** What one Scan page found of one tenant, and where the next page starts (null: the scan is done). */
    record TenantScan(List<String> sessionIds, String next) {}

    /**
     * One Scan page of the whole sessions table (at most {@code max} items read, after {@code after}; null:
     * the first page) and the ids of the tenant's items in it, whatever they hold: listed sessions,
     * fragments, tombstones. Only for deleting an organization, in the background (docs/RETENTION.md,
     * "Deleting an organization"); never on a request path.
     */
    TenantScan tenantSessions(String tenantId, String after, int max);

    /** Deletes the session's item whatever it holds, unconditionally: its organization is being deleted. */
    void forget(String tenantId, String sessionId);

    /**
     * One Scan page of the user links (at most {@code max} items read, after {@code after}; null: the first
     * page): deletes the tenant's links in it and returns where the next page starts (null: done). Only for
     * deleting an organization, as {@link #tenantSessions}.
     */
    String unlinkTenantUsers(String tenantId, String after, int max);
}
