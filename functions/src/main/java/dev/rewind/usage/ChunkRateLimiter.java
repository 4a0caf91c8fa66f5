package dev.rewind.usage;

import dev.rewind.common.Refused;
import dev.rewind.tenants.Plan;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's chunks a minute ({@link Plan#chunksPerMinute()}), counted over every instance of the ingest
 * function together: each instance leases chunks from the tenant's counter of the minute in the usage
 * table (one conditional update adds the lease if the total stays within the plan) and spends them
 * locally, so most chunks cost no write. A lease starts at one chunk each minute and doubles with each
 * one taken, to {@link #MAX_LEASE}: an instance that sees one chunk of a tenant a minute leases one, a busy
 * one writes once per 50 chunks. What an instance leased and did not spend by the end of the minute is
 * lost, so the limit binds a little early under load, never late. Once refused, the instance refuses the
 * tenant's chunks without asking again until the minute ends: a flood costs no writes (docs/COST.md).
 */
public final class ChunkRateLimiter {
    public static final int MAX_LEASE = 50;
    /** Tenants remembered per instance before the map is cleared (their leases of this minute go with it). */
    private static final int MAX_TENANTS = 10_000;

    private final UsageStore store;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** What this instance holds of one tenant's current minute. */
    private static final class Lease {
        long minute = -1;
        int left;
        int nextSize = 1;
        boolean refused;
    }

    public ChunkRateLimiter(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Takes one chunk of the tenant's minute.
     * @throws Refused {@code RATE_LIMITED}, with the seconds left in the minute, when the plan's chunks of
     *     this minute are taken
     */
    public void admit(String tenantId, Plan plan) {
        long now = clock.millis();
        long minute = now / 60_000;
        if (leases.size() > MAX_TENANTS) {
            leases.clear();
        }
        Lease lease = leases.computeIfAbsent(tenantId, id -> new Lease());
        synchronized (lease) {
            if (lease.minute != minute) {
                lease.minute = minute;
                lease.left = 0;
                lease.nextSize = 1;
                lease.refused = false;
            }
            if (lease.left > 0) {
                lease.left--;
                return;
            }
            if (!lease.refused) {
                int size = Math.min(lease.nextSize, plan.chunksPerMinute());
                boolean granted = store.grantChunks(tenantId, minute, size, plan.chunksPerMinute());
                if (!granted && size > 1) {
                    // the last few of the minute: one at a time
                    size = 1;
                    granted = store.grantChunks(tenantId, minute, 1, plan.chunksPerMinute());
                }
                if (granted) {
                    lease.left = size - 1;
                    lease.nextSize = Math.min(MAX_LEASE, size * 2);
                    return;
                }
                lease.refused = true;
            }
            int retryAfter = (int) Math.max(1, (60_000 - now % 60_000 + 999) / 1000);
            throw new Refused(
                    Refused.Reason.RATE_LIMITED,
                    "this tenant sent more than its plan's " + plan.chunksPerMinute()
                            + " chunks this minute, retry later",
                    retryAfter);
        }
    }
}
