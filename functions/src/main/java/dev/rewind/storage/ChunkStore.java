package dev.rewind.storage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where chunks live: one gzip-compressed JSON object per (tenant, session, seq). */
public interface ChunkStore {
    /** Stores the chunk durably; the same (session, seq) again overwrites it with the same bytes. */
    void put(String tenantId, String sessionId, int seq, byte[] gzipJson);

    Optional<byte[]> get(String tenantId, String sessionId, int seq);

    /** A short-lived URL that reads exactly this one chunk. */
    String url(String tenantId, String sessionId, int seq, Duration validFor);

    /** Deletes one chunk; nothing happens when it is not there. */
    void delete(String tenantId, String sessionId, int seq);

    /** Deletes every chunk of the session; returns how many objects went. */
    int deleteSession(String tenantId, String sessionId);

    /** The object keys under a tenant's prefix (for tests and audits). */
    List<String> keys(String tenantId);
}
