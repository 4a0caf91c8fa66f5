package dev.rewind.retention;

import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;

import java.util.List;

/**
 * An admin's deletions: one session, or every session of one of the tenant's users, whatever their age.
 * Each goes through the {@link SessionEraser} the retention sweep uses: chunks first, then the index
 * entry if it did not change meanwhile, so a live session's chunk landing mid-delete is erased too.
 */
public final class SessionDeletion {
    private final SessionIndex index;
    private final SessionEraser eraser;

    public SessionDeletion(SessionIndex index, SessionEraser eraser) {
        this.index = index;
        this.eraser = eraser;
    }

    /** Deletes the session, listed or not; NOT_FOUND when the tenant has no such session. */
    public void deleteSession(String tenantId, String sessionId) {
        if (index.load(tenantId, sessionId).isEmpty()) {
            throw Refused.notFound("session");
        }
        erase(tenantId, sessionId);
    }

    /** Deletes every session of the user, page by page of the by-user index; returns how many. */
    public int deleteUser(String tenantId, String userId) {
        int deleted = 0;
        String cursor = null;
        do {
            SessionQuery query = new SessionQuery(List.of(), 0, Long.MAX_VALUE / 2, null, null, userId, null,
                    SessionQuery.MAX_LIMIT, cursor);
            SessionPage page = index.list(tenantId, query, 0);
            for (SessionRecord r : page.sessions()) {
                erase(tenantId, r.sessionId);
                deleted++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return deleted;
    }

    private void erase(String tenantId, String sessionId) {
        SessionEraser.Erasure erasure = eraser.erase(tenantId, sessionId);
        Log.info("session_deleted", "tenantId", tenantId, "chunks", erasure.chunks());
    }
}
