package dev.rewind.usage;

import java.util.List;

/**
 * Where the per-tenant counters live (one DynamoDB table, docs/DATA-MODEL.md): the rate window of each
 * minute, the sessions admitted each month, and the usage of each day. Every write is one atomic update
 * of one small item, so instances of the ingest function that share the table count together.
 */
public interface UsageStore {
    /**
     * Adds {@code chunks} to the tenant's grants of the minute {@code epochMinute} if the total stays within
     * {@code limit}; false (nothing added) when it would not.
     */
    boolean grantChunks(String tenantId, long epochMinute, int chunks, int limit);

    /** Counts one more session of the month ({@code 2026-12}) if fewer than {@code quota} are counted; false when not. */
    boolean admitSession(String tenantId, String month, int quota);

    /** The sessions admitted in the month (0 when none). */
    long sessionsAdmitted(String tenantId, String month);

    /** Adds a stored chunk (and the session it started, if it did) to the tenant's usage of the day ({@code 2026-12-02}). */
    void addUsage(String tenantId, String day, int sessions, int chunks, long bytes);

    /** Deletes every counter of the tenant (the organization is being deleted); returns how many items went. */
    int eraseTenant(String tenantId);

    /** The tenant's usage of the days from {@code fromDay} through {@code toDay}, oldest first; days without usage are left out. */
    List<UsageDay> days(String tenantId, String fromDay, String toDay);
}
