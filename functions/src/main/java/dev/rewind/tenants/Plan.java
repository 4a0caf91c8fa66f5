package dev.rewind.tenants;

/**
 * What a tenant may send (docs/INGEST.md, "Per-tenant limits"): chunks a minute, over every ingest
 * instance together, and sessions started a calendar month (UTC). The operator sets them on the tenant's
 * item; the tenant sees them in its settings and cannot change them.
 *
 * @param chunksPerMinute  chunks accepted a minute; beyond it 429 {@code rate_limited} until the next minute
 * @param sessionsPerMonth sessions started a month; beyond it 429 {@code quota_exceeded}: new sessions are
 *                         refused until the month ends, sessions already started go on
 */
public record Plan(int chunksPerMinute, int sessionsPerMonth) {
    /**
     * 1,000 chunks/s: a tenant with ~5,000 visitors recording at once (a visitor sends 2 chunks a minute),
     * a fifth of the ingest route's throttle, so one tenant alone cannot take the whole route.
     */
    public static final int DEFAULT_CHUNKS_PER_MINUTE = 60_000;
    /** A million sessions a month: about $60 of AWS at docs/COST.md's figures. */
    public static final int DEFAULT_SESSIONS_PER_MONTH = 1_000_000;

    public static final Plan DEFAULT = new Plan(DEFAULT_CHUNKS_PER_MINUTE, DEFAULT_SESSIONS_PER_MONTH);

    public Plan {
        if (chunksPerMinute < 1 || sessionsPerMonth < 0) {
            throw new IllegalArgumentException("a plan allows at least one chunk a minute and no negative quota");
        }
    }
}
