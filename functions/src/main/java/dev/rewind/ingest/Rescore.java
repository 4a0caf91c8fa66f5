package dev.rewind.ingest;

import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.common.TenantJob;
import dev.rewind.common.TenantWalk;
import dev.rewind.common.WalkReport;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.RescoreRun;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.schedule.WorkQueue;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionIndex.StartEntry;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-score history (docs/FRUSTRATION.md, "Re-score history"): a tenant that changed its frustration rules
 * recomputes the frustrations, flags, hotspots and stories of its sessions in retention from their stored
 * chunks ({@link Ingestion#rescore}). Started on request ({@link #start}, one work message); each message is
 * one part of at most {@link #PAGE_SIZE} sessions of the by-start index, oldest first, and the next part's
 * message carries the run id and the cursor. The run's progress ({@link RescoreRun}) is recorded by each part
 * over the position it started from, so a message delivered twice does its (idempotent) work again but
 * counts once and sends no second continuation.
 */
public final class Rescore implements TenantJob {
    /** Sessions re-scored per message: each costs its chunks' GETs and a write, 8 at a time. */
    public static final int PAGE_SIZE = 25;
    /**
     * A run that recorded no progress for this long is taken as lost (its message dead-lettered, or its
     * continuation never sent): a new start replaces it instead of being refused.
     */
    public static final Duration STALLED = Duration.ofMinutes(15);

    public static final String RESCORED = "sessionsRescored";
    public static final String CHANGED = "sessionsChanged";
    public static final String SKIPPED = "sessionsSkipped";

    /**
     * One session at a time: a tenant's sessions count into the same hotspots, so saves in parallel would
     * mostly lose the race to each other and be redone.
     */
    private static final TenantWalk WALK = new TenantWalk(
            "re-score",
            new TenantWalk.Events("rescore_part", "rescore_tenant_part", "rescore_session_failed"),
            1,
            RESCORED,
            CHANGED,
            SKIPPED);

    private final TenantStore tenants;
    private final SessionIndex index;
    private final HotspotStore runs;
    private final Ingestion ingestion;
    private final Clock clock;
    private final int pageSize;

    public Rescore(TenantStore tenants, SessionIndex index, HotspotStore runs, Ingestion ingestion, Clock clock) {
        this(tenants, index, runs, ingestion, clock, PAGE_SIZE);
    }

    /** A smaller page makes a run of a few sessions several parts (the tests). */
    public Rescore(
            TenantStore tenants,
            SessionIndex index,
            HotspotStore runs,
            Ingestion ingestion,
            Clock clock,
            int pageSize) {
        this.tenants = tenants;
        this.index = index;
        this.runs = runs;
        this.ingestion = ingestion;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** The tenant's latest run, empty before its first. */
    public Optional<RescoreRun> progress(String tenantId) {
        return runs.rescoreRun(tenantId);
    }

    /**
     * Starts a run with the tenant's current rules and puts its first message on {@code queue}.
     * @throws Refused {@code RESCORE_RUNNING} while another run is going on (it recorded progress within
     *     {@link #STALLED})
     */
    public RescoreRun start(Tenant tenant, WorkQueue queue) {
        long now = clock.millis();
        Optional<RescoreRun> previous = runs.rescoreRun(tenant.tenantId());
        if (previous.isPresent() && running(previous.get(), now)) {
            throw running();
        }
        RescoreRun run = RescoreRun.start(Keys.newId(), tenant.frustrationRules(), now, previous.orElse(null));
        if (!runs.saveRescoreRun(tenant.tenantId(), run)) {
            throw running(); // another start got in between
        }
        try {
            queue.send(List.of(WorkMessage.tenant(Job.RESCORE, tenant.tenantId(), run.runId())));
        } catch (RuntimeException unsent) {
            // nothing will run it: marked stalled, so the next start replaces it instead of being refused
            runs.rescoreRun(tenant.tenantId())
                    .filter(stored -> stored.runId().equals(run.runId()))
                    .ifPresent(stored -> runs.saveRescoreRun(tenant.tenantId(), stored.stalled()));
            throw unsent;
        }
        Log.info("rescore_started", "tenantId", tenant.tenantId(), "runId", run.runId());
        return runs.rescoreRun(tenant.tenantId()).orElse(run);
    }

    private boolean running(RescoreRun run, long now) {
        return !run.done() && now - run.updatedAt() < STALLED.toMillis();
    }

    private static Refused running() {
        return new Refused(Reason.RESCORE_RUNNING, "a re-score of this tenant's sessions is running");
    }

    /**
     * One part of a run: {@code cursor} is the run id, then the by-start position it goes on from. {@code
     * budget} is not used: a part is one page, whatever its time (a page's work is far within the worker's).
     */
    @Override
    public Part runTenant(String tenantId, String cursor, Duration budget) {
        if (cursor == null) {
            return nothing(); // every message of a run names it
        }
        int split = cursor.indexOf('\n');
        String runId = split < 0 ? cursor : cursor.substring(0, split);
        String position = split < 0 ? null : cursor.substring(split + 1);
        Optional<RescoreRun> stored = runs.rescoreRun(tenantId);
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (stored.isEmpty()
                || tenant.isEmpty()
                || !stored.get().runId().equals(runId)
                || stored.get().done()
                || !Objects.equals(stored.get().position(), position)) {
            // another run replaced it, it is done, or this part was recorded already (a message delivered twice)
            return nothing();
        }
        RescoreRun run = stored.get();
        long now = clock.millis();
        if (!tenant.get().frustrationRules().equals(run.rules())) {
            // the rules changed while it ran: from the start again, with the new ones, so it applies one set
            RescoreRun restarted = run.restart(tenant.get().frustrationRules(), now);
            if (!runs.saveRescoreRun(tenantId, restarted)) {
                return nothing();
            }
            Log.info("rescore_restarted", "tenantId", tenantId, "runId", runId);
            return new Part(new WalkReport(1, Map.of(RESCORED, 0, CHANGED, 0, SKIPPED, 0), 0, false), runId);
        }
        long notBefore = tenant.get().visibleFrom(now);
        TenantWalk.TenantPart<StartEntry> part = WALK.runTenant(
                tenantId, StartEntry.fromCursor(position), Duration.ZERO, id -> new TenantWalk.TenantRun<StartEntry>() {
                    @Override
                    public TenantWalk.Page<StartEntry> page(StartEntry after, TenantWalk.Tally tally) {
                        // the sessions that started before the run: later ones were ingested with its rules
                        List<StartEntry> page = index.startedBefore(tenantId, run.startedAt(), after, pageSize);
                        StartEntry next = page.size() < pageSize ? null : page.get(page.size() - 1);
                        return new TenantWalk.Page<>(
                                page.stream().map(StartEntry::sessionId).toList(), next);
                    }

                    @Override
                    public void work(String sessionId, TenantWalk.Tally tally) {
                        switch (ingestion.rescore(tenant.get(), sessionId, notBefore)) {
                            case CHANGED -> {
                                tally.add(RESCORED, 1);
                                tally.add(CHANGED, 1);
                            }
                            case UNCHANGED -> tally.add(RESCORED, 1);
                            case SKIPPED -> tally.add(SKIPPED, 1);
                        }
                    }
                });
        WalkReport report = part.report();
        if (report.failures() > 0) {
            return new Part(report, null); // delivered again from the same position: nothing recorded
        }
        String next = part.done() ? null : part.resumeAfter().toCursor();
        RescoreRun after = run.after(report.count(RESCORED), report.count(CHANGED), report.count(SKIPPED), next, now);
        if (!runs.saveRescoreRun(tenantId, after)) {
            return nothing(); // another delivery of this part recorded it and went on
        }
        if (after.done()) {
            Log.info(
                    "rescore_done",
                    "tenantId",
                    tenantId,
                    "runId",
                    runId,
                    "rescored",
                    after.rescored(),
                    "changed",
                    after.changed(),
                    "skipped",
                    after.skipped());
        }
        return new Part(report, next == null ? null : runId + "\n" + next);
    }

    private static Part nothing() {
        return new Part(new WalkReport(0, Map.of(RESCORED, 0, CHANGED, 0, SKIPPED, 0), 0, true), null);
    }
}
