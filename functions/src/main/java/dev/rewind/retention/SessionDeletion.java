package dev.rewind.retention;

import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.UserIds;
import dev.rewind.tenants.Tenant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An admin's deletions: one session, or every session of one of the tenant's users, whatever their age.
 * Each goes through {@link SessionEraser#erase}: tombstone first, then chunks, user links and share tokens
 * (docs/RETENTION.md), so a delete wins over a session that is still recording, whatever lands meanwhile.
 */
public final class SessionDeletion {
    private final SessionIndex index;
    private final SessionEraser eraser;

    public SessionDeletion(SessionIndex index, SessionEraser eraser) {
        this.index = index;
        this.eraser = eraser;
    }

    /** Deletes the session, listed or not; NOT_FOUND when the tenant has no such session (or it was deleted). */
    public void deleteSession(Tenant tenant, String sessionId) {
        Optional<SessionRecord> found = index.load(tenant.tenantId(), sessionId);
        if (found.isEmpty()) {
            throw Refused.notFound("session");
        }
        // a tombstone is erased again too: that finishes an erasure that failed half-way
        erase(tenant, sessionId);
        if (found.get().isDeleted()) {
            throw Refused.notFound("session");
        }
    }

    /**
     * Deletes every session that ever carried the user id, in any chunk and whatever it was identified as
     * later: the user's links, plus the by-user index for sessions identified before links were written.
     * @return how many sessions were erased
     */
    public int deleteUser(Tenant tenant, String userId) {
        UserIds.requireExact(userId);
        Set<String> sessionIds = new LinkedHashSet<>(index.sessionsOfUser(tenant.tenantId(), userId));
        String cursor = null;
        do {
            SessionQuery query = new SessionQuery(
                    List.of(), 0, Long.MAX_VALUE / 2, null, null, userId, null, null, SessionQuery.MAX_LIMIT, cursor);
            SessionPage page = index.list(tenant.tenantId(), query, 0);
            page.sessions().forEach(r -> sessionIds.add(r.sessionId));
            cursor = page.nextCursor();
        } while (cursor != null);
        int deleted = 0;
        for (String sessionId : sessionIds) {
            if (erase(tenant, sessionId).outcome() == SessionEraser.Outcome.ERASED) {
                deleted++;
            }
            // the erase took the links its session item named; this one too when the item was already gone
            index.unlinkUser(tenant.tenantId(), userId, sessionId);
        }
        return deleted;
    }

    private SessionEraser.Erasure erase(Tenant tenant, String sessionId) {
        SessionEraser.Erasure erasure = eraser.erase(tenant, sessionId);
        Log.info("session_deleted", "tenantId", tenant.tenantId(), "chunks", erasure.chunks());
        return erasure;
    }
}
