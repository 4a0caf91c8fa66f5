package dev.rewind.retention;

import dev.rewind.Rewind;
import dev.rewind.api.Log;
import dev.rewind.sessions.SessionIndex.StartEntry;
import dev.rewind.tenants.Tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The retention sweep: for every tenant, erase each session that started before the tenant's
 * {@link Tenant#visibleFrom} edge, the same edge every read path applies, so what the API stopped
 * showing is what gets deleted. It walks the by-start index oldest first and stops at the edge, so a
 * run costs one Query per tenant plus the work of what expired. Idempotent: a run that stopped
 * half-way (time budget, an error) leaves index entries the next run finds again.
 */
public final class RetentionSweep {
    /** How often the schedule should run the sweep: expired data is invisible at once and gone within this. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    /** Expired sessions read per index Query. */
    static final int PAGE_SIZE = 100;
    /** Sessions erased at once: each erase mostly waits on S3 and DynamoDB round trips. */
    static final int PARALLEL_ERASES = 8;

    private final Rewind rewind;
    private final SessionEraser eraser;
    private final int pageSize;

    public RetentionSweep(Rewind rewind) {
        this(rewind, PAGE_SIZE);
    }

    /** A smaller page lets a test walk several pages with a few sessions. */
    RetentionSweep(Rewind rewind, int pageSize) {
        this.rewind = rewind;
        this.eraser = new SessionEraser(rewind);
        this.pageSize = pageSize;
    }

    /** Sweeps every tenant; starts no new page of sessions once {@code budget} is spent. */
    public SweepReport run(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally total = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_ERASES);
        try {
            for (String tenantId : rewind.tenants.allTenantIds()) {
                if (System.nanoTime() - deadline > 0) {
                    total.complete = false;
                    break;
                }
                Optional<Tenant> tenant = rewind.tenants.find(tenantId);
                if (tenant.isPresent()) {
                    total.tenants++;
                    sweepTenant(tenant.get(), deadline, pool, total);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        SweepReport report = total.report();
        Log.info("retention_swept", "tenants", report.tenants(), "sessions", report.sessionsErased(),
                "chunks", report.chunksErased(), "failures", report.failures(), "complete", report.complete());
        return report;
    }

    private void sweepTenant(Tenant tenant, long deadline, ExecutorService pool, Tally total) {
        // one edge for the whole walk: a session crossing it during the run waits for the next one
        long edge = tenant.visibleFrom(rewind.clock.millis());
        Tally tenantTally = new Tally();
        StartEntry after = null;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                total.complete = false;
                break;
            }
            List<StartEntry> page = rewind.sessions.startedBefore(tenant.tenantId(), edge, after, pageSize);
            erase(tenant.tenantId(), page, edge, pool, tenantTally);
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        if (tenantTally.sessions > 0 || tenantTally.failures > 0) {
            Log.info("retention_tenant_swept", "tenantId", tenant.tenantId(), "retentionDays", tenant.retentionDays(),
                    "edge", edge, "sessions", tenantTally.sessions, "chunks", tenantTally.chunks,
                    "failures", tenantTally.failures);
        }
        total.add(tenantTally);
    }

    private void erase(String tenantId, List<StartEntry> page, long edge, ExecutorService pool, Tally tally) {
        List<Future<SessionEraser.Erasure>> erasures = new ArrayList<>();
        for (StartEntry entry : page) {
            erasures.add(pool.submit(() -> eraser.eraseStartedBefore(tenantId, entry.sessionId(), edge)));
        }
        for (int i = 0; i < erasures.size(); i++) {
            try {
                SessionEraser.Erasure erasure = erasures.get(i).get();
                tally.chunks += erasure.chunks();
                if (erasure.outcome() == SessionEraser.Outcome.ERASED) {
                    tally.sessions++;
                }
            } catch (ExecutionException e) {
                tally.failures++;
                Log.warn("retention_erase_failed", "tenantId", tenantId, "sessionId", page.get(i).sessionId(),
                        "error", e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("retention sweep interrupted", e);
            }
        }
    }

    /** Counters of a run, or of one tenant within it. */
    private static final class Tally {
        int tenants;
        int sessions;
        int chunks;
        int failures;
        boolean complete = true;

        void add(Tally other) {
            sessions += other.sessions;
            chunks += other.chunks;
            failures += other.failures;
        }

        SweepReport report() {
            return new SweepReport(tenants, sessions, chunks, failures, complete);
        }
    }
}
