package dev.rewind.storage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where chunks live: one gzip-compressed JSON object per (tenant, session, seq). */
public interface ChunkStore {
    /**
     * Stores the chunk durably unless its (session, seq) holds one already, which is never overwritten.
     * @return true when these bytes were stored, false when an object was there (it is left as it is)
     */
    boolean putIfAbsent(String tenantId, String sessionId, int seq, byte[] gzipJson);

    Optional<byte[]> get(String tenantId, String sessionId, int seq);

    /** A short-lived URL that reads exactly this one chunk. */
    String url(String tenantId, String sessionId, int seq, Duration validFor);

    /** Deletes one chunk; nothing happens when it is not there. */
    void delete(String tenantId, String sessionId, int seq);

    /** Deletes every chunk of the session; returns how many objects went. */
    int deleteSession(String tenantId, String sessionId);

    /**
     * Deletes every object under the tenant's prefix, indexed or not (the organization is being deleted,
     * docs/RETENTION.md, "Deleting an organization"); returns how many went.
     */
    int deleteTenant(String tenantId);

    /** The object keys under a tenant's prefix (for tests and audits). */
    List<String> keys(String tenantId);
}
