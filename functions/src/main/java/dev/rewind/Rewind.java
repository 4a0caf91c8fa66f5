package dev.rewind;

import dev.rewind.assets.AssetLimits;
import dev.rewind.assets.AssetSweep;
import dev.rewind.assets.Assets;
import dev.rewind.aws.AwsStores;
import dev.rewind.aws.CognitoTokens;
import dev.rewind.common.RewindConfig;
import dev.rewind.common.TenantJob;
import dev.rewind.common.WalkReport;
import dev.rewind.ingest.IdleSessions;
import dev.rewind.ingest.Importer;
import dev.rewind.ingest.Ingestion;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.Insights;
import dev.rewind.retention.RetentionSweep;
import dev.rewind.retention.SessionDeletion;
import dev.rewind.retention.SessionEraser;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.Planner;
import dev.rewind.schedule.WorkQueue;
import dev.rewind.schedule.Worker;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionReader;
import dev.rewind.sessions.Shares;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.TeamStore;
import dev.rewind.tenants.TenantStore;
import dev.rewind.tenants.TokenVerifier;
import dev.rewind.usage.ChunkRateLimiter;
import dev.rewind.usage.UsageMeter;
import dev.rewind.usage.UsageStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The wiring of one process, written out by hand (no container): the ports and every service
 * built on them, each service given exactly the ports it uses. Nothing in the core sees this class; the
 * Lambda entry layer (lambda/) hands each function's handler the services it needs from it. The
 * functions build it once per JVM ({@code lambda/Lambdas}, static, so warm invocations and SnapStart
 * snapshots reuse it); the local runner, the benchmarks, priming and the tests build their own, on AWS
 * adapters ({@link AwsStores}) or on in-memory ones.
 */
public final class Rewind {
    public final RewindConfig config;
    public final Clock clock;

    public final TenantStore tenants;
    public final ChunkStore chunks;
    public final SessionIndex sessions;
    public final HotspotStore hotspots;
    public final TeamStore teams;
    public final AuditLog audit;
    public final UsageStore usage;
    public final AssetStore assetStore;

    public final Ingestion ingestion;
    public final Importer importer;
    public final SessionReader reader;
    public final Shares shares;
    public final SessionEraser eraser;
    public final SessionDeletion deletion;
    public final RetentionSweep retentionSweep;
    public final IdleSessions idleSessions;
    public final Insights insights;
    /** Who a console or API request comes from: api keys, and users of the configured pool (docs/SECURITY.md). */
    public final Access access;

    public final UsageMeter usageMeter;
    /** Per process: the leases it holds of each tenant's minute (usage/ChunkRateLimiter). */
    public final ChunkRateLimiter rateLimiter;

    public final Assets assets;
    public final AssetSweep assetSweep;

    /**
     * @param teams  null where only ingest runs (SnapStart priming, the benchmarks)
     * @param audit  null where only ingest runs
     * @param tokens null when no user pool is configured: only api keys sign in then
     * @param assetStore {@link AssetStore#NONE} where no asset storage is wired (in-memory stand-ins)
     */
    public Rewind(
            RewindConfig config,
            Clock clock,
            TenantStore tenants,
            ChunkStore chunks,
            SessionIndex sessions,
            TeamStore teams,
            AuditLog audit,
            TokenVerifier tokens,
            UsageStore usage,
            AssetStore assetStore,
            HotspotStore hotspots) {
        this.config = config;
        this.assetStore = assetStore;
        this.clock = clock;
        this.tenants = tenants;
        this.chunks = chunks;
        this.sessions = sessions;
        this.hotspots = hotspots;
        this.teams = teams;
        this.audit = audit;
        this.access = new Access(tenants, teams, tokens, clock);
        this.usage = usage;
        this.usageMeter = new UsageMeter(usage, clock);
        this.rateLimiter = new ChunkRateLimiter(usage, clock);
        this.ingestion = new Ingestion(chunks, sessions, hotspots, usageMeter, clock);
        this.eraser = new SessionEraser(chunks, sessions, tenants, clock);
        this.importer = new Importer(ingestion, eraser, clock);
        this.reader = new SessionReader(sessions, chunks, clock);
        this.shares = new Shares(tenants, reader, clock);
        this.deletion = new SessionDeletion(sessions, eraser);
        this.retentionSweep = new RetentionSweep(tenants, sessions, eraser, clock);
        this.idleSessions = new IdleSessions(tenants, sessions, ingestion, clock);
        this.assets = new Assets(
                assetStore, clock, AssetLimits.readUrlValidity(System.getenv(AssetLimits.ENV_READ_URL_SECONDS)));
        this.assetSweep = new AssetSweep(tenants, assets);
        this.insights = new Insights(hotspots, clock);
    }

    /** The planner of the scheduled jobs' fan-out on {@code queue} (docs/SCALE.md, "Fan-out"). */
    public Planner planner(WorkQueue queue) {
        return new Planner(tenants, queue);
    }

    /** The fan-out's worker on {@code queue}: both scheduled jobs, one tenant's part per message. */
    public Worker worker(WorkQueue queue) {
        return new Worker(
                Map.of(Job.RETENTION_SWEEP, this::sweepTenant, Job.FINISH_IDLE_SESSIONS, idleSessions),
                planner(queue),
                queue);
    }

    /**
     * The retention sweep's part for one tenant: its expired sessions, then, once they are all gone, the
     * stored assets no session in retention references (docs/ASSETS.md), as RetentionSweepHandler does for
     * a whole run.
     */
    private TenantJob.Part sweepTenant(String tenantId, String cursor, Duration budget) {
        long started = System.nanoTime();
        TenantJob.Part sessions = retentionSweep.runTenant(tenantId, cursor, budget);
        if (!sessions.done()) {
            return sessions;
        }
        Duration left = budget.minusNanos(System.nanoTime() - started);
        WalkReport unusedAssets = assetSweep.runTenant(tenantId, left.isNegative() ? Duration.ZERO : left);
        return new TenantJob.Part(sessions.report().then(unusedAssets), null);
    }

    /** The wiring on AWS, at the environment's endpoint. */
    public static Rewind create(RewindConfig config, Clock clock) {
        return create(config, clock, (URI) null);
    }

    /** @param endpoint AWS endpoint overriding the environment's, or null */
    public static Rewind create(RewindConfig config, Clock clock, URI endpoint) {
        return create(config, clock, AwsStores.create(config, endpoint));
    }

    /** The wiring on AWS adapters built elsewhere ({@link AwsStores#of}: tests count or break their requests). */
    public static Rewind create(RewindConfig config, Clock clock, AwsStores stores) {
        TokenVerifier tokens = config.userPool().configured() ? new CognitoTokens(config.userPool(), clock) : null;
        return new Rewind(
                config,
                clock,
                stores.tenants(),
                stores.chunks(),
                stores.sessions(),
                stores.teams(),
                stores.audit(),
                tokens,
                stores.usage(),
                stores.assets(),
                stores.hotspots());
    }
}
