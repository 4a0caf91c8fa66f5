package dev.rewind.common;

/**
 * The operator's CloudWatch metrics (docs/DEPLOY.md, "Metrics"): counts over the whole deployment,
 * never per tenant. A tenant dimension would be one custom metric per tenant and value; what each tenant
 * used is in the Usage table instead (usage/UsageMeter). The port keeps the core free of the metrics
 * library: the adapter (aws/EmfMetrics) writes them as CloudWatch Embedded Metric Format lines on stdout.
 */
public interface Metrics {
    /** Why ingest refused a chunk: the {@code Reason} dimension of {@code ChunksRefused}, a closed set. */
    enum Refusal {
        /** 429 {@code rate_limited}: the plan's chunks a minute, or the instance's slots for the tenant. */
        RATE_LIMITED("rate_limited"),
        /** 429 {@code quota_exceeded}: the plan's sessions a month. */
        QUOTA_EXCEEDED("quota_exceeded"),
        /** 401 or 403: an unknown ingest key, or an origin the tenant does not allow. */
        UNAUTHORIZED("unauthorized"),
        /** Any other 4xx: a chunk that is not valid, too large, a conflict, a deleted session. */
        INVALID("invalid"),
        /** 503: a store could not be reached; the recorder retries. */
        UNAVAILABLE("unavailable");

        /** The dimension's value. */
        public final String code;

        Refusal(String code) {
            this.code = code;
        }
    }

    /** A chunk new to its session was stored and indexed: its gzip bytes, and whether it started the session. */
    void chunkStored(long gzipBytes, boolean startedSession);

    /** Ingest answered a chunk with a refusal (nothing of it stored). */
    void chunkRefused(Refusal reason);

    /** The retention sweep erased {@code sessions} sessions of one tenant's part (0 too: the job ran). */
    void sessionsErased(int sessions);

    /** The idle finisher finished {@code sessions} sessions of one tenant's part (0 too: the job ran). */
    void sessionsFinished(int sessions);

    /** No metrics: in-memory wirings (priming, benchmarks) and tests that do not look at them. */
    Metrics NONE = new Metrics() {
        @Override
        public void chunkStored(long gzipBytes, boolean startedSession) {}

        @Override
        public void chunkRefused(Refusal reason) {}

        @Override
        public void sessionsErased(int sessions) {}

        @Override
        public void sessionsFinished(int sessions) {}
    };
}
