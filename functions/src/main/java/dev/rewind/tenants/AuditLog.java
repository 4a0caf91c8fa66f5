package dev.rewind.tenants;

import java.time.Duration;
import java.util.List;

/** The append-only audit log: kept {@link #KEPT_FOR}; nothing a tenant can call edits or deletes it. */
public interface AuditLog {
    Duration KEPT_FOR = Duration.ofDays(365);

    void append(AuditEntry entry);

    /** Newest first; {@code cursor} is a previous page's {@link Page#nextCursor()} or null. */
    Page page(String tenantId, String cursor, int limit);

    record Page(List<AuditEntry> entries, String nextCursor) {}
}
