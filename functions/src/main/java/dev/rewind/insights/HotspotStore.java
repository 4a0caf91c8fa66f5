package dev.rewind.insights;

import dev.rewind.sessions.SessionRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hotspot aggregates of every tenant (docs/INSIGHTS.md, docs/DATA-MODEL.md). */
public interface HotspotStore {

    /**
     * Stores the session record and adds the changes to their aggregates, all or nothing: the record only if
     * nobody stored a newer version of it since it was loaded, each aggregate only over the version read.
     * @return false when another writer won (of the session or of an aggregate); the caller reloads and tries again
     */
    default boolean saveCounting(SessionRecord record, long expiresAtEpochSeconds, List<HotspotChange> changes) {
        return saveCounting(record, expiresAtEpochSeconds, changes, List.of());
    }

    /**
     * The same with the session's changes to its tenant's error groups (docs/INSIGHTS.md, "Error groups"):
     * the record, the hotspots and the groups' day and group items in one write, all or nothing.
     */
    boolean saveCounting(
            SessionRecord record, long expiresAtEpochSeconds, List<HotspotChange> changes, List<ErrorChange> errors);

    /** The tenant's error groups' day counts of the days {@code from} to {@code to}, both included: one Query. */
    List<ErrorDay> errorDays(String tenantId, LocalDate from, LocalDate to);

    /** The error groups of these ids that exist (at most 100): one BatchGet. */
    Map<String, ErrorGroup> errorGroups(String tenantId, List<String> groupIds);

    /** One error group and its counts of these days (at most 99): one BatchGet; null when the group does not exist. */
    ErrorGroupDays errorGroup(String tenantId, String groupId, List<LocalDate> days);

    /** An error group and the days of it that were found. */
    record ErrorGroupDays(ErrorGroup group, List<ErrorDay> days) {}

    /**
     * Stores the group's status (a versioned put of the group as read).
     * @return false when another writer stored it since it was read; the caller reads it again
     */
    boolean saveStatus(String tenantId, ErrorGroup group);

    /** The tenant's aggregates of the days {@code from} to {@code to}, both included: one Query. */
    List<Hotspot> between(String tenantId, LocalDate from, LocalDate to);

    /** The tenant's latest re-score run (docs/FRUSTRATION.md, "Re-score history"), read consistently; empty before its first. */
    Optional<RescoreRun> rescoreRun(String tenantId);

    /**
     * Stores the run if nobody stored another version since {@code run.version()} was read (null: there was none).
     * @return false when another writer won
     */
    boolean saveRescoreRun(String tenantId, RescoreRun run);

    /** Deletes every aggregate of the tenant (the organization is being deleted); returns how many items went. */
    int eraseTenant(String tenantId);

    /** The sessions of these ids that exist (at most 100): one BatchGet. Deleted ones are absent. */
    Map<String, SessionRecord> sessions(String tenantId, List<String> sessionIds);
}
