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
import java.util.concurrent.ConcurrentHashMap;

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
     * Adds one stored chunk to the tenant's usage of today. The chunk is stored and indexed already: a
     * usage table that cannot be reached loses this count (logged), never the chunk's 202.
     */
    public void chunkStored(Tenant tenant, boolean startedSession, long bytes) {
        try {
            store.addUsage(tenant.tenantId(), day(clock.millis()), startedSession ? 1 : 0, 1, bytes);
        } catch (StoreUnavailable e) {
            Log.warn("usage_not_counted", "failure", e.failure());
        }
    }

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
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC)).toString();
    }

    static String day(long epochMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC).toString();
    }

    private static long monthEnd(long epochMs) {
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC)).plusMonths(1)
                .atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static Refused quotaExceeded(Plan plan, long now) {
        int retryAfter = (int) Math.max(1, (monthEnd(now) - now + 999) / 1000);
        return new Refused(Refused.Reason.QUOTA_EXCEEDED, "this tenant's " + plan.sessionsPerMonth()
                + " sessions of this month are used up; new sessions are refused until the month ends", retryAfter);
    }
}
