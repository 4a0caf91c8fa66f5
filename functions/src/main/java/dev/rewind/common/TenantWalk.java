package dev.rewind.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The skeleton of the scheduled jobs that go through every tenant's sessions (the retention sweep, the
 * idle-session finisher): tenant after tenant, page after page of a tenant's sessions, a page's sessions
 * worked on in parallel, and no tenant or page started once the time budget is spent. The job says which
 * sessions a page holds and what to do with one; the walk counts, logs and reports. A session whose work
 * fails is counted and logged and the walk goes on: the job is idempotent, the next run finds it again.
 */
public final class TenantWalk {
    /** Sessions worked on at once: the work mostly waits on S3 and DynamoDB round trips. */
    static final int PARALLEL = 8;

    /** The log events of a job: its run, one tenant's part of it (only where something was done or failed), a failed session. */
    public record Events(String run, String tenant, String failed) {}

    /** A page of a tenant's sessions to work on, and where the next page starts (null: the tenant is done). */
    public record Page<C>(List<String> sessionIds, C next) {}

    /** One tenant's part of a run. */
    public interface TenantRun<C> {
        /** The page after {@code after} (null: the first); it may count what it passes over on {@code tally}. */
        Page<C> page(C after, Tally tally);

        /** The work on one session, on one of the walk's threads; it counts what it did on {@code tally}. */
        void work(String sessionId, Tally tally) throws Exception;

        /** More fields for the tenant's log line. */
        default Object[] logFields() {
            return new Object[0];
        }
    }

    /** Counters by name, in the order the job names them; safe to count on from the walk's threads. */
    public static final class Tally {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private int failures;

        private Tally(List<String> names) {
            names.forEach(name -> counts.put(name, 0));
        }

        public synchronized void add(String name, int n) {
            if (!counts.containsKey(name)) {
                throw new IllegalArgumentException("no counter " + name);
            }
            counts.merge(name, n, Integer::sum);
        }

        private synchronized Map<String, Integer> counts() {
            return new LinkedHashMap<>(counts);
        }

        private synchronized void addAll(Tally other) {
            other.counts().forEach(this::add);
            failures += other.failures;
        }

        private synchronized Object[] fields() {
            List<Object> fields = new ArrayList<>();
            counts.forEach((name, n) -> {
                fields.add(name);
                fields.add(n);
            });
            fields.add("failures");
            fields.add(failures);
            return fields.toArray();
        }
    }

    private final String name;
    private final Events events;
    private final int parallel;
    private final List<String> counters;

    /**
     * @param name     what the job is called in errors ("retention sweep")
     * @param events   the job's log events
     * @param counters the job's counters, as its report names them; the first counts what was done
     */
    public TenantWalk(String name, Events events, String... counters) {
        this(name, events, PARALLEL, counters);
    }

    /** As above, with at most {@code parallel} sessions of a page worked on at once. */
    public TenantWalk(String name, Events events, int parallel, String... counters) {
        this.name = name;
        this.events = events;
        this.parallel = parallel;
        this.counters = List.of(counters);
    }

    /**
     * Walks the tenants in turn; {@code start} gives a tenant's part of the run, or null to pass a tenant
     * over uncounted (it is gone).
     */
    public <C> WalkReport run(List<String> tenantIds, Duration budget, Function<String, TenantRun<C>> start) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally total = new Tally(counters);
        int tenants = 0;
        boolean complete = true;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (String tenantId : tenantIds) {
                if (System.nanoTime() - deadline > 0) {
                    complete = false;
                    break;
                }
                TenantRun<C> run = start.apply(tenantId);
                if (run == null) {
                    continue;
                }
                tenants++;
                complete &= walkTenant(tenantId, run, null, false, deadline, pool, total)
                        .done();
            }
        } finally {
            pool.shutdownNow();
        }
        WalkReport report = new WalkReport(tenants, total.counts(), total.failures, complete);
        Log.info(events.run(), report.logFields());
        return report;
    }

    /**
     * One tenant's part of a run, and where it stopped: {@code resumeAfter} is the page cursor to go on
     * after when the budget ran out before the tenant was done (null with {@code done} false: from the start).
     */
    public record TenantPart<C>(WalkReport report, boolean done, C resumeAfter) {}

    /**
     * Walks one tenant from the page after {@code after} (null: the first) until it is done or {@code
     * budget} is spent: the part of a run that a queue message asks for (docs/SCALE.md, "Fan-out"). It
     * walks one page at least, however small the budget, so parts that follow each other always get on.
     * {@code start} as in {@link #run}; a tenant it passes over (null) is done with nothing counted.
     */
    public <C> TenantPart<C> runTenant(
            String tenantId, C after, Duration budget, Function<String, TenantRun<C>> start) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tally total = new Tally(counters);
        TenantRun<C> run = start.apply(tenantId);
        if (run == null) {
            return new TenantPart<>(new WalkReport(0, total.counts(), 0, true), true, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            Stop<C> stop = walkTenant(tenantId, run, after, true, deadline, pool, total);
            return new TenantPart<>(
                    new WalkReport(1, total.counts(), total.failures, stop.done()), stop.done(), stop.resumeAfter());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where a tenant's walk stopped: done, or out of time before the page after {@code resumeAfter}. */
    private record Stop<C>(boolean done, C resumeAfter) {}

    /** @param firstPageAlways walk the first page even when the budget is already spent */
    private <C> Stop<C> walkTenant(
            String tenantId,
            TenantRun<C> run,
            C after,
            boolean firstPageAlways,
            long deadline,
            ExecutorService pool,
            Tally total) {
        Tally tally = new Tally(counters);
        boolean done = true;
        boolean first = true;
        while (true) {
            if (!(first && firstPageAlways) && System.nanoTime() - deadline > 0) {
                done = false;
                break;
            }
            first = false;
            Page<C> page = run.page(after, tally);
            work(tenantId, run, page.sessionIds(), pool, tally);
            if (page.next() == null) {
                break;
            }
            after = page.next();
        }
        if (tally.counts().get(counters.get(0)) > 0 || tally.failures > 0) {
            List<Object> fields = new ArrayList<>(List.of("tenantId", tenantId));
            fields.addAll(List.of(run.logFields()));
            fields.addAll(List.of(tally.fields()));
            Log.info(events.tenant(), fields.toArray());
        }
        total.addAll(tally);
        return new Stop<>(done, done ? null : after);
    }

    private <C> void work(
            String tenantId, TenantRun<C> run, List<String> sessionIds, ExecutorService pool, Tally tally) {
        List<Future<?>> works = new ArrayList<>();
        for (String sessionId : sessionIds) {
            works.add(pool.submit(() -> {
                run.work(sessionId, tally);
                return null;
            }));
        }
        for (int i = 0; i < works.size(); i++) {
            try {
                works.get(i).get();
            } catch (ExecutionException e) {
                synchronized (tally) {
                    tally.failures++;
                }
                Log.warn(
                        events.failed(),
                        "tenantId",
                        tenantId,
                        "sessionId",
                        sessionIds.get(i),
                        "error",
                        Log.failure(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + " interrupted", e);
            }
        }
    }
}
