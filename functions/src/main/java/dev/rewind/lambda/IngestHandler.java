package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.IngestApi;
import dev.rewind.ingest.TenantIngestSlots;

/** The Ingest function: {@code POST /v1/ingest} and {@code GET /v1/ingest/config} ({@link IngestApi}). */
public final class IngestHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public IngestHandler() {
        this(Lambdas.shared());
    }

    public IngestHandler(Rewind rewind) {
        this(rewind, TenantIngestSlots.fromEnvironment());
    }

    public IngestHandler(Rewind rewind, TenantIngestSlots slots) {
        super(new IngestApi(rewind.tenants, rewind.ingestion, rewind.clock, slots, rewind.rateLimiter, rewind.metrics));
    }
}
