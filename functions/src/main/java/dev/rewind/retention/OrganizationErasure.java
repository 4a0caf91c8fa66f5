package dev.rewind.retention;

import dev.rewind.common.Log;
import dev.rewind.common.TenantJob;
import dev.rewind.common.TenantWalk;
import dev.rewind.common.WalkReport;
import dev.rewind.insights.HotspotStore;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.OrganizationDeletion;
import dev.rewind.tenants.TeamStore;
import dev.rewind.tenants.TenantStore;
import dev.rewind.usage.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Erases what a deleted organization left (docs/RETENTION.md, "Deleting an organization"): a tenant's part
 * of the retention sweep's fan-out when its item is a deletion marker. First every session item of the
 * tenant (listed, fragment or tombstone), each with its chunks and share tokens, page by page of a Scan
 * through {@link TenantWalk}; then the user links; then whatever is left under the tenant's S3 prefixes
 * (chunks of no item, captured assets), its usage counters and insight aggregates, and any member, invitation
 * or api key. The audit log stays: it is kept a year and outlives what it mentions.
 *
 * <p>The marker itself goes last, and only after a pass that started {@link #MARKER_KEPT} after the
 * deletion: an ingest instance that cached the tenant before the deletion may store chunks for up to the
 * ingest key cache's 30 seconds, and such a pass erases them too. Until then a pass ends done with the
 * marker left, and the next hourly sweep comes back to it.
 */
public final class OrganizationErasure implements TenantJob {
    /** How long the marker outlives the deletion at least: well over the ingest key cache's 30 seconds. */
    public static final Duration MARKER_KEPT = Duration.ofMinutes(5);

    /** Items a Scan request reads (of every tenant: the filter applies after the read). */
    static final int SCAN_PAGE = 500;

    private static final String SESSIONS = "sessions";
    private static final String USERS = "users";

    private final TenantStore tenants;
    private final TeamStore teams;
    private final SessionIndex index;
    private final ChunkStore chunks;
    private final AssetStore assets;
    private final UsageStore usage;
    private final HotspotStore hotspots;
    private final Clock clock;
    private final TenantWalk walk = new TenantWalk(
            "organization erasure",
            new TenantWalk.Events(
                    "organization_erasure_run", "organization_erasure_tenant", "organization_erasure_failed"),
            "sessions",
            "chunks");

    public OrganizationErasure(
            TenantStore tenants,
            TeamStore teams,
            SessionIndex index,
            ChunkStore chunks,
            AssetStore assets,
            UsageStore usage,
            HotspotStore hotspots,
            Clock clock) {
        this.tenants = tenants;
        this.teams = teams;
        this.index = index;
        this.chunks = chunks;
        this.assets = assets;
        this.usage = usage;
        this.hotspots = hotspots;
        this.clock = clock;
    }

    /** Whether {@code cursor} is a continuation of this erasure (a tenant part it left unfinished). */
    public static boolean isCursor(String cursor) {
        return cursor != null && ownCursor(cursor.split("\n", 3));
    }

    private static boolean ownCursor(String[] parts) {
        return parts.length == 3 && parts[0].matches("\\d{1,19}");
    }

    /**
     * Erases from {@code cursor} (null, or one of another job: from the start) until done or out of time.
     * The cursor is {@code <pass start>\n<phase>\n<scan cursor>}.
     */
    @Override
    public Part runTenant(String tenantId, String cursor, Duration budget) {
        OptionalLong deletedAt = tenants.deletedAt(tenantId);
        if (deletedAt.isEmpty()) {
            return new Part(new WalkReport(0, Map.of(), 0, true), null);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        String[] parts = cursor == null ? new String[0] : cursor.split("\n", 3);
        boolean ours = ownCursor(parts);
        long passStart = ours ? Long.parseLong(parts[0]) : clock.millis();
        String phase = ours ? parts[1] : SESSIONS;
        String after = ours && !parts[2].isEmpty() ? parts[2] : null;

        WalkReport report = new WalkReport(1, Map.of("sessions", 0, "chunks", 0), 0, true);
        if (SESSIONS.equals(phase)) {
            TenantWalk.TenantPart<String> part =
                    walk.runTenant(tenantId, after, left(deadline), id -> sessionsOf(tenantId));
            report = part.report();
            if (part.report().failures() > 0) {
                return new Part(report, cursor);
            }
            if (!part.done()) {
                return new Part(report, next(passStart, SESSIONS, part.resumeAfter()));
            }
            phase = USERS;
            after = null;
        }
        do {
            after = index.unlinkTenantUsers(tenantId, after, SCAN_PAGE);
            if (after != null && System.nanoTime() - deadline > 0) {
                return new Part(incomplete(report), next(passStart, USERS, after));
            }
        } while (after != null);

        int leftChunks = chunks.deleteTenant(tenantId);
        int assetObjects = assets.deleteTenant(tenantId);
        int counters = usage.eraseTenant(tenantId);
        int aggregates = hotspots.eraseTenant(tenantId);
        OrganizationDeletion.removePeopleAndKeys(teams, tenantId);
        boolean markerGone = passStart >= deletedAt.getAsLong() + MARKER_KEPT.toMillis();
        if (markerGone) {
            tenants.eraseTenant(tenantId);
        }
        Log.info(
                "organization_erased",
                "tenantId",
                tenantId,
                "chunksLeft",
                leftChunks,
                "assets",
                assetObjects,
                "usage",
                counters,
                "hotspots",
                aggregates,
                "markerGone",
                markerGone);
        return new Part(report, null);
    }

    /** The tenant's session items, a Scan page at a time; each erased with its chunks and share tokens. */
    private TenantWalk.TenantRun<String> sessionsOf(String tenantId) {
        return new TenantWalk.TenantRun<>() {
            @Override
            public TenantWalk.Page<String> page(String after, TenantWalk.Tally tally) {
                SessionIndex.TenantScan scan = index.tenantSessions(tenantId, after, SCAN_PAGE);
                return new TenantWalk.Page<>(scan.sessionIds(), scan.next());
            }

            @Override
            public void work(String sessionId, TenantWalk.Tally tally) {
                tally.add("chunks", chunks.deleteSession(tenantId, sessionId));
                tenants.deleteShares(tenantId, sessionId);
                index.forget(tenantId, sessionId);
                tally.add("sessions", 1);
            }
        };
    }

    private static Duration left(long deadline) {
        long nanos = deadline - System.nanoTime();
        return nanos > 0 ? Duration.ofNanos(nanos) : Duration.ZERO;
    }

    private static WalkReport incomplete(WalkReport report) {
        return new WalkReport(report.tenants(), report.counts(), report.failures(), false);
    }

    private static String next(long passStart, String phase, String after) {
        return passStart + "\n" + phase + "\n" + (after == null ? "" : after);
    }
}
