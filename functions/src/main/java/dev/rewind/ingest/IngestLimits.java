package dev.rewind.ingest;

import dev.rewind.sessions.SessionLimits;
import java.util.regex.Pattern;

/** Every ingest limit in one place; docs/openapi.yaml and docs/INGEST.md publish the same numbers. */
public final class IngestLimits {
    private IngestLimits() {}

    public static final Pattern SESSION_ID = SessionLimits.SESSION_ID;
    /** Body as sent (gzip or plain). The recorder keeps page-hide bodies under 64 KB. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Body after gzip: decompression stops here, so a gzip bomb costs at most this much. */
    public static final int MAX_DECOMPRESSED_BYTES = 8 << 20;

    public static final int MAX_EVENTS_PER_CHUNK = 10_000;
    /** seq runs 0 .. MAX_CHUNKS_PER_SESSION - 1. */
    public static final int MAX_CHUNKS_PER_SESSION = 5_000;
    /** From the first to the last event of a session; the recorder rolls over at 4 h. */
    public static final long MAX_SESSION_LENGTH_MS = 6 * 3_600_000L;
    /** Clock skew tolerated for events stamped ahead of the server. */
    public static final long MAX_FUTURE_SKEW_MS = 5 * 60_000L;
    /** Retried chunks of an offline visitor may be this old; older live chunks are refused. */
    public static final long MAX_EVENT_AGE_MS = 24 * 3_600_000L;
    /**
     * Distinct user ids one session may carry (meta and identify events, over all its chunks): a visitor
     * who logs out and in as someone else carries two. Each is linked to the session for erasure by user,
     * once, and kept in its item.
     */
    public static final int MAX_USER_IDS_PER_SESSION = 16;
    /** Events per chunk when an import is cut into chunks. */
    public static final int IMPORT_EVENTS_PER_CHUNK = 500;
    /**
     * How long later chunks wait for a missing seq before the gap is skipped (Ingestion): longer than
     * the recorder's retries of one chunk, so a chunk still being retried is never skipped.
     */
    public static final long GAP_TIMEOUT_MS = 5 * 60_000L;

    /**
     * Chunks of one tenant a process stores at once (TenantIngestSlots). One chunk in progress keeps the
     * local runner's emulator nearly busy on its own (it serves ~10 chunks/s, one at a time ~0.1 s each),
     * so two cost a lone tenant next to nothing, and a flooding tenant holds two streams to the emulator
     * against everyone else's. In AWS it never binds: a Lambda instance serves one request at a time.
     * REWIND_INGEST_TENANT_SLOTS overrides it.
     */
    public static final int TENANT_INGEST_SLOTS = 2;
    /**
     * Chunks of one tenant that may wait for a slot: a page-hide burst (the recorder sends every unsent
     * chunk at once, keepalive, never retried) fits; beyond it, 429. Slots + queue = 10 of the local
     * runner's 32 threads at most for one tenant.
     */
    public static final int TENANT_INGEST_QUEUE = 8;
    /** A chunk waits this long for a slot before it gets 429; well within the recorder's request timeout. */
    public static final long TENANT_INGEST_MAX_WAIT_MS = 5_000;
    /** What a rate-limited recorder waits before it tries again; its backoff and jitter spread the retries. */
    public static final int RATE_LIMITED_RETRY_AFTER_SECONDS = 1;
}
