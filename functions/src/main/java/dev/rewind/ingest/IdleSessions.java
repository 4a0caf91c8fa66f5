package dev.rewind.ingest;

import dev.rewind.common.TenantJob;
import dev.rewind.common.TenantWalk;
import dev.rewind.common.WalkReport;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionIndex.OpenPage;
import dev.rewind.sessions.SessionIndex.OpenSession;
import dev.rewind.sessions.SessionIndex.StartEntry;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idle-session finisher: a session that has had no chunk for {@link #IDLE} is over, whether or not
 * its recorder said so (a plain rrweb recorder sends no pagehide; a page that died sends nothing). For
 * every tenant it walks the by-open index oldest first up to sessions that started {@link #IDLE} ago,
 * reads each page's items with one BatchGet, and calls {@link Ingestion#finishIfIdle} on each whose last
 * chunk is older than that: chunks waiting behind a gap are aggregated, the last click is judged, and the
 * session leaves the index. A run costs one Query per tenant plus the work of what went idle; it never
 * scans the sessions table. Idempotent: a run that stopped half-way leaves index entries the next finds.
 */
public final class IdleSessions implements TenantJob {
    /** No chunk for this long and the session is over (docs/FRUSTRATION.md, "End of a session"). */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** How often the schedule runs the finisher: an idle session is finished within this after {@link #IDLE}. */
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    /**
     * The report's counters. {@code stillActive} counts open sessions old enough to look at that had a
     * chunk within {@link #IDLE}.
     */
    public static final String SESSIONS_FINISHED = "sessionsFinished";

    public static final String STILL_ACTIVE = "stillActive";
    /** Open sessions read per index Query and BatchGet (BatchGetItem's maximum). */
    static final int PAGE_SIZE = 100;

    private static final TenantWalk WALK = new TenantWalk(
            "idle-session finisher",
            new TenantWalk.Events(
                    "idle_sessions_finished", "idle_sessions_tenant_finished", "idle_session_finish_failed"),
            SESSIONS_FINISHED,
            STILL_ACTIVE);

    private final TenantStore tenants;
    private final SessionIndex index;
    private final Ingestion ingestion;
    private final Clock clock;
    private final int pageSize;

    public IdleSessions(TenantStore tenants, SessionIndex index, Ingestion ingestion, Clock clock) {
        this(tenants, index, ingestion, clock, PAGE_SIZE);
    }

    /** A smaller page lets a test walk several pages with a few sessions. */
    IdleSessions(TenantStore tenants, SessionIndex index, Ingestion ingestion, Clock clock, int pageSize) {
        this.tenants = tenants;
        this.index = index;
        this.ingestion = ingestion;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Finishes the idle sessions of every tenant; starts no new page once {@code budget} is spent. */
    public WalkReport run(Duration budget) {
        return WALK.run(tenants.allTenantIds(), budget, this::finishIdle);
    }

    /** One tenant's part, as a worker of the fan-out runs it (docs/SCALE.md, "Fan-out"). */
    @Override
    public Part runTenant(String tenantId, String cursor, Duration budget) {
        TenantWalk.TenantPart<StartEntry> part =
                WALK.runTenant(tenantId, StartEntry.fromCursor(cursor), budget, this::finishIdle);
        return new Part(
                part.report(),
                part.resumeAfter() == null ? null : part.resumeAfter().toCursor());
    }

    private TenantWalk.TenantRun<StartEntry> finishIdle(String tenantId) {
        // one edge for the whole walk: a session going idle during the run waits for the next one
        long idleBefore = clock.millis() - IDLE.toMillis();
        return new TenantWalk.TenantRun<>() {
            /** Read only once something is to be finished: most runs find nothing. */
            private Tenant tenant;

            @Override
            public TenantWalk.Page<StartEntry> page(StartEntry after, TenantWalk.Tally tally) {
                OpenPage page = index.openStartedBefore(tenantId, idleBefore, after, pageSize);
                List<String> idle = new ArrayList<>();
                for (OpenSession session : page.sessions()) {
                    if (session.lastChunkAt() < idleBefore) {
                        idle.add(session.sessionId());
                    } else {
                        tally.add(STILL_ACTIVE, 1);
                    }
                }
                if (!idle.isEmpty() && tenant == null) {
                    Optional<Tenant> found = tenants.find(tenantId);
                    if (found.isEmpty()) {
                        return new TenantWalk.Page<>(List.of(), null); // the tenant is gone; TTL takes its sessions
                    }
                    tenant = found.get();
                }
                return new TenantWalk.Page<>(idle, page.next());
            }

            @Override
            public void work(String sessionId, TenantWalk.Tally tally) {
                // false: a chunk came since the page was read, or another run finished it first
                if (ingestion.finishIfIdle(tenant, sessionId, idleBefore)) {
                    tally.add(SESSIONS_FINISHED, 1);
                }
            }
        };
    }
}
