package dev.rewind.ingest;

import java.util.regex.Pattern;

/** Every ingest limit in one place; docs/openapi.yaml and docs/INGEST.md publish the same numbers. */
public final class IngestLimits {
    private IngestLimits() {}

    public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
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
    /** Events per chunk when an import is cut into chunks. */
    public static final int IMPORT_EVENTS_PER_CHUNK = 500;
    /**
     * How long later chunks wait for a missing seq before the gap is skipped (Ingestion): longer than
     * the recorder's retries of one chunk, so a chunk still being retried is never skipped.
     */
    public static final long GAP_TIMEOUT_MS = 5 * 60_000L;
}
