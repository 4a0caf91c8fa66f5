package dev.rewind.usage;

import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.tenants.Plan;
import dev.rewind.tenants.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tenant's monthly session quota and its usage (docs/INGEST.md, "Per-tenant limits" and "Usage").
 * A session is admitted against the quota before its first chunk is stored (nothing is stored when it is
 * refused); usage counts what was stored, once per stored (session, seq): a duplicate or a retry of an
 * acknowledged chunk is not stored again and not counted again. The day and month are UTC.
 */
public final class UsageMeter {
    /** How long an instance refuses a tenant's new sessions without asking again once its quota is used up. */
    static final long QUOTA_RECHECK_MS = 60_000;

    private final UsageStore store;
    private final Clock clock;
    /** Tenant → until when (epoch ms) its new sessions are refused without a write. */
    private final Map<String, Long> quotaUsedUntil = new ConcurrentHashMap<>();

    public UsageMeter(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Counts a new session of the tenant against its month's quota.
     * @throws Refused {@code QUOTA_EXCEEDED}, with the seconds until the month ends, when the quota is used up
     */
    public void admitSession(Tenant tenant) {
        long now = clock.millis();
        Plan plan = tenant.plan();
        Long until = quotaUsedUntil.get(tenant.tenantId());
        if (until != null && now < until) {
            throw quotaExceeded(plan, now);
        }
        if (!store.admitSession(tenant.tenantId(), month(now), plan.sessionsPerMonth())) {
            quotaUsedUntil.put(tenant.tenantId(), Math.min(now + QUOTA_RECHECK_MS, monthEnd(now)));
            throw quotaExceeded(plan, now);
        }
        quotaUsedUntil.remove(tenant.tenantId());
    }

    /**
     * Starts counting a chunk that is about to be stored, on another thread, so the count's round trip
     * runs beside the chunk's S3 put instead of after it (docs/PERFORMANCE.md); {@link Counting#settle}
     * corrects it once the outcome is known. ADD commutes, so the correction may land in any order.
     */
    public Counting counting(Tenant tenant, boolean startsSession, long bytes) {
        return new Counting(tenant.tenantId(), day(clock.millis()), startsSession, bytes);
    }

    /** One chunk's count in flight: added as if the chunk will be stored and start a session if predicted. */
    public final class Counting {
        private final String tenantId;
        private final String day;
        private final boolean startsSession;
        private final long bytes;
        private final CompletableFuture<Boolean> added;

        private Counting(String tenantId, String day, boolean startsSession, long bytes) {
            this.tenantId = tenantId;
            this.day = day;
            this.startsSession = startsSession;
            this.bytes = bytes;
            this.added = CompletableFuture.supplyAsync(() -> add(startsSession ? 1 : 0, 1, bytes), COUNTERS);
        }

        /**
         * Waits for the count and corrects it to what happened: {@code stored} whether this request indexed
         * the chunk (not a duplicate, not a failure), {@code startedSession} whether its index write created
         * the session. A count that could not be written is lost (logged), never the chunk's 202.
         */
        public void settle(boolean stored, boolean startedSession) {
            if (!added.join()) {
                return;
            }
            int sessions = (stored && startedSession ? 1 : 0) - (startsSession ? 1 : 0);
            int chunks = stored ? 0 : -1;
            long bytes = stored ? 0 : -this.bytes;
            if (sessions != 0 || chunks != 0) {
                add(sessions, chunks, bytes);
            }
        }

        private boolean add(int sessions, int chunks, long bytes) {
            try {
                store.addUsage(tenantId, day, sessions, chunks, bytes);
                return true;
            } catch (StoreUnavailable e) {
                Log.warn("usage_not_counted", "failure", e.failure());
                return false;
            }
        }
    }

    /** Where counts are written beside the request's own work: one thread an in-flight request, daemon, reused. */
    private static final ExecutorService COUNTERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "usage-counter");
        thread.setDaemon(true);
        return thread;
    });

    /** The tenant's usage, day by day, of the last {@code days} days (today included). */
    public List<UsageDay> lastDays(String tenantId, int days) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
        return store.days(tenantId, today.minusDays(days - 1L).toString(), today.toString());
    }

    /** The sessions counted against the tenant's quota this month. */
    public long sessionsThisMonth(String tenantId) {
        return store.sessionsAdmitted(tenantId, month(clock.millis()));
    }

    public String month() {
        return month(clock.millis());
    }

    static String month(long epochMs) {
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC))
                .toString();
    }

    static String day(long epochMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC)
                .toString();
    }

    private static long monthEnd(long epochMs) {
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC))
                .plusMonths(1)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
    }

    private static Refused quotaExceeded(Plan plan, long now) {
        int retryAfter = (int) Math.max(1, (monthEnd(now) - now + 999) / 1000);
        return new Refused(
                Refused.Reason.QUOTA_EXCEEDED,
                "this tenant's " + plan.sessionsPerMonth()
                        + " sessions of this month are used up; new sessions are refused until the month ends",
                retryAfter);
    }
}
