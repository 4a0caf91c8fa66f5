package dev.rewind.insights;

import dev.rewind.sessions.SessionRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The hotspot aggregates of every tenant (docs/INSIGHTS.md, docs/DATA-MODEL.md). */
public interface HotspotStore {

    /**
     * Stores the session record and adds the changes to their aggregates, all or nothing: the record only if
     * nobody stored a newer version of it since it was loaded, each aggregate only over the version read.
     * @return false when another writer won (of the session or of an aggregate); the caller reloads and tries again
     */
    boolean saveCounting(SessionRecord record, long expiresAtEpochSeconds, List<HotspotChange> changes);

    /** The tenant's aggregates of the days {@code from} to {@code to}, both included: one Query. */
    List<Hotspot> between(String tenantId, LocalDate from, LocalDate to);

    /** Deletes every aggregate of the tenant (the organization is being deleted); returns how many items went. */
    int eraseTenant(String tenantId);

    /** The sessions of these ids that exist (at most 100): one BatchGet. Deleted ones are absent. */
    Map<String, SessionRecord> sessions(String tenantId, List<String> sessionIds);
}
