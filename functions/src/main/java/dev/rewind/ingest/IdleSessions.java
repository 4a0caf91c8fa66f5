package dev.rewind.ingest;

import dev.rewind.Rewind;
import dev.rewind.common.Log;
import dev.rewind.sessions.SessionIndex.OpenPage;
import dev.rewind.sessions.SessionIndex.OpenSession;
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
 * The idle-session finisher: a session that has had no chunk for {@link #IDLE} is over, whether or not
 * its recorder said so (a plain rrweb recorder sends no pagehide; a page that died sends nothing). For
 * every tenant it walks the by-open index oldest first up to sessions that started {@link #IDLE} ago,
 * reads each page's items with one BatchGet, and calls {@link Ingestion#finishIfIdle} on each whose last
 * chunk is older than that: chunks waiting behind a gap are aggregated, the last click is judged, and the
 * session leaves the index. A run costs one Query per tenant plus the work of what went idle; it never
 * scans the sessions table. Idempotent: a run that stopped half-way leaves index entries the next finds.
 */
public final class IdleSessions {
    /** No chunk for this long and the session is over (docs/FRUSTRATION.md, "End of a session"). */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** How often the schedule runs the finisher: an idle session is finished within this after {@link #IDLE}. */
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    /** Open sessions read per index Query and BatchGet (BatchGetItem's maximum). */
    static final int PAGE_SIZE = 100;
    /** Sessions finished at once: each finish mostly waits on a GetItem and a PutItem. */
    static final int PARALLEL_FINISHES = 8;

    private final Rewind rewind;
    private final int pageSize;

    public IdleSessions(Rewind rewind) {
        this(rewind, PAGE_SIZE);
    }

    /** A smaller page lets a test walk several pages with a few sessions. */
    IdleSessions(Rewind rewind, int pageSize) {
        this.rewind = rewind;
        this.pageSize = pageSize;
    }

    /** Finishes the idle sessions of every tenant; starts no new page once {@code budget} is spent. */
    public IdleReport run(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally total = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_FINISHES);
        try {
            for (String tenantId : rewind.tenants.allTenantIds()) {
                if (System.nanoTime() - deadline > 0) {
                    total.complete = false;
                    break;
                }
                total.tenants++;
                finishTenant(tenantId, deadline, pool, total);
            }
        } finally {
            pool.shutdownNow();
        }
        IdleReport report = total.report();
        Log.info("idle_sessions_finished", "tenants", report.tenants(), "sessions", report.sessionsFinished(),
                "stillActive", report.stillActive(), "failures", report.failures(), "complete", report.complete());
        return report;
    }

    private void finishTenant(String tenantId, long deadline, ExecutorService pool, Tally total) {
        // one edge for the whole walk: a session going idle during the run waits for the next one
        long idleBefore = rewind.clock.millis() - IDLE.toMillis();
        Tally tenantTally = new Tally();
        Tenant tenant = null; // read only once something is to be finished: most runs find nothing
        StartEntry after = null;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                total.complete = false;
                break;
            }
            OpenPage page = rewind.sessions.openStartedBefore(tenantId, idleBefore, after, pageSize);
            List<String> idle = new ArrayList<>();
            for (OpenSession session : page.sessions()) {
                if (session.lastChunkAt() < idleBefore) {
                    idle.add(session.sessionId());
                } else {
                    tenantTally.stillActive++;
                }
            }
            if (!idle.isEmpty()) {
                if (tenant == null) {
                    Optional<Tenant> found = rewind.tenants.find(tenantId);
                    if (found.isEmpty()) {
                        break; // the tenant is gone; TTL takes its sessions
                    }
                    tenant = found.get();
                }
                finish(tenant, idle, idleBefore, pool, tenantTally);
            }
            if (page.next() == null) {
                break;
            }
            after = page.next();
        }
        if (tenantTally.finished > 0 || tenantTally.failures > 0) {
            Log.info("idle_sessions_tenant_finished", "tenantId", tenantId, "sessions", tenantTally.finished,
                    "stillActive", tenantTally.stillActive, "failures", tenantTally.failures);
        }
        total.add(tenantTally);
    }

    private void finish(Tenant tenant, List<String> sessionIds, long idleBefore, ExecutorService pool, Tally tally) {
        List<Future<Boolean>> finishes = new ArrayList<>();
        for (String sessionId : sessionIds) {
            finishes.add(pool.submit(() -> rewind.ingestion.finishIfIdle(tenant, sessionId, idleBefore)));
        }
        for (int i = 0; i < finishes.size(); i++) {
            try {
                // false: a chunk came since the page was read, or another run finished it first
                if (finishes.get(i).get()) {
                    tally.finished++;
                }
            } catch (ExecutionException e) {
                tally.failures++;
                Log.warn("idle_session_finish_failed", "tenantId", tenant.tenantId(), "sessionId", sessionIds.get(i),
                        "error", e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("idle-session finisher interrupted", e);
            }
        }
    }

    /** Counters of a run, or of one tenant within it. */
    private static final class Tally {
        int tenants;
        int finished;
        int stillActive;
        int failures;
        boolean complete = true;

        void add(Tally other) {
            finished += other.finished;
            stillActive += other.stillActive;
            failures += other.failures;
        }

        IdleReport report() {
            return new IdleReport(tenants, finished, stillActive, failures, complete);
        }
    }
}
