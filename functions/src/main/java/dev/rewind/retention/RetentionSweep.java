package dev.rewind.retention;

import dev.rewind.common.TenantJob;
import dev.rewind.common.TenantWalk;
import dev.rewind.common.WalkReport;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionIndex.StartEntry;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The retention sweep: for every tenant, erase each session that started before the tenant's
 * {@link Tenant#visibleFrom} edge, the same edge every read path applies, so what the API stopped
 * showing is what gets deleted. It walks the by-start index oldest first and stops at the edge, so a
 * run costs one Query per tenant plus the work of what expired. Idempotent: a run that stopped
 * half-way (time budget, an error) leaves index entries the next run finds again.
 */
public final class RetentionSweep implements TenantJob {
    /** How often the schedule should run the sweep: expired data is invisible at once and gone within this. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    /** The report's counters. */
    public static final String SESSIONS_ERASED = "sessionsErased";

    public static final String CHUNKS_ERASED = "chunksErased";
    /** Expired sessions read per index Query. */
    static final int PAGE_SIZE = 100;

    private static final TenantWalk WALK = new TenantWalk(
            "retention sweep",
            new TenantWalk.Events("retention_swept", "retention_tenant_swept", "retention_erase_failed"),
            SESSIONS_ERASED,
            CHUNKS_ERASED);

    private final TenantStore tenants;
    private final SessionIndex index;
    private final SessionEraser eraser;
    private final Clock clock;
    private final int pageSize;

    public RetentionSweep(TenantStore tenants, SessionIndex index, SessionEraser eraser, Clock clock) {
        this(tenants, index, eraser, clock, PAGE_SIZE);
    }

    /** A smaller page lets a test walk several pages with a few sessions. */
    RetentionSweep(TenantStore tenants, SessionIndex index, SessionEraser eraser, Clock clock, int pageSize) {
        this.tenants = tenants;
        this.index = index;
        this.eraser = eraser;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Sweeps every tenant; starts no new page of sessions once {@code budget} is spent. */
    public WalkReport run(Duration budget) {
        return WALK.run(tenants.allTenantIds(), budget, this::sweep);
    }

    /** One tenant's part, as a worker of the fan-out runs it (docs/SCALE.md, "Fan-out"). */
    @Override
    public Part runTenant(String tenantId, String cursor, Duration budget) {
        TenantWalk.TenantPart<StartEntry> part =
                WALK.runTenant(tenantId, StartEntry.fromCursor(cursor), budget, this::sweep);
        return new Part(
                part.report(),
                part.resumeAfter() == null ? null : part.resumeAfter().toCursor());
    }

    private TenantWalk.TenantRun<StartEntry> sweep(String tenantId) {
        Optional<Tenant> found = tenants.find(tenantId);
        if (found.isEmpty()) {
            return null;
        }
        Tenant tenant = found.get();
        // one edge for the whole walk: a session crossing it during the run waits for the next one
        long edge = tenant.visibleFrom(clock.millis());
        return new TenantWalk.TenantRun<>() {
            @Override
            public TenantWalk.Page<StartEntry> page(StartEntry after, TenantWalk.Tally tally) {
                List<StartEntry> page = index.startedBefore(tenantId, edge, after, pageSize);
                StartEntry next = page.size() < pageSize ? null : page.get(page.size() - 1);
                return new TenantWalk.Page<>(
                        page.stream().map(StartEntry::sessionId).toList(), next);
            }

            @Override
            public void work(String sessionId, TenantWalk.Tally tally) {
                SessionEraser.Erasure erasure = eraser.eraseStartedBefore(tenantId, sessionId, edge);
                tally.add(CHUNKS_ERASED, erasure.chunks());
                if (erasure.outcome() == SessionEraser.Outcome.ERASED) {
                    tally.add(SESSIONS_ERASED, 1);
                }
            }

            @Override
            public Object[] logFields() {
                return new Object[] {"retentionDays", tenant.retentionDays(), "edge", edge};
            }
        };
    }
}
