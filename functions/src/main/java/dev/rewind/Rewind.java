package dev.rewind;

import dev.rewind.assets.AssetLimits;
import dev.rewind.assets.AssetSweep;
import dev.rewind.assets.Assets;
import dev.rewind.aws.AwsStores;
import dev.rewind.aws.CognitoTokens;
import dev.rewind.common.Metrics;
import dev.rewind.common.RewindConfig;
import dev.rewind.common.TenantJob;
import dev.rewind.common.WalkReport;
import dev.rewind.ingest.IdleSessions;
import dev.rewind.ingest.Importer;
import dev.rewind.ingest.Ingestion;
import dev.rewind.ingest.Rescore;
import dev.rewind.insights.ErrorGroups;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.Insights;
import dev.rewind.retention.OrganizationErasure;
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
import dev.rewind.tenants.OrganizationDeletion;
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
    /** A tenant's re-score of its sessions with its current frustration rules (docs/FRUSTRATION.md, "Re-score history"). */
    public final Rescore rescore;

    public final Insights insights;
    public final ErrorGroups errorGroups;
    /** Who a console or API request comes from: api keys, and users of the configured pool (docs/SECURITY.md). */
    public final Access access;
    /** The user pool's token check, or null when only api keys sign in. */
    private final TokenVerifier tokens;

    public final UsageMeter usageMeter;
    /** Per process: the leases it holds of each tenant's minute (usage/ChunkRateLimiter). */
    public final ChunkRateLimiter rateLimiter;

    public final Assets assets;
    public final AssetSweep assetSweep;
    /** The operator's CloudWatch metrics, without a tenant dimension (docs/DEPLOY.md, "Metrics"). */
    public final Metrics metrics;

    /** An owner's deletion of the organization (docs/RETENTION.md, "Deleting an organization"), and its erasure. */
    public final OrganizationDeletion organizationDeletion;

    public final OrganizationErasure organizationErasure;

    /**
     * @param teams  null where only ingest runs (SnapStart priming, the benchmarks)
     * @param audit  null where only ingest runs
     * @param tokens null when no user pool is configured: only api keys sign in then
     * @param assetStore {@link AssetStore#NONE} where no asset storage is wired (in-memory stand-ins)
     * @param metrics {@link Metrics#NONE} where nothing should reach CloudWatch (priming, benchmarks, tests)
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
            HotspotStore hotspots,
            Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.assetStore = assetStore;
        this.clock = clock;
        this.tenants = tenants;
        this.chunks = chunks;
        this.sessions = sessions;
        this.hotspots = hotspots;
        this.teams = teams;
        this.audit = audit;
        this.tokens = tokens;
        this.access = new Access(tenants, teams, tokens, clock);
        this.usage = usage;
        this.usageMeter = new UsageMeter(usage, clock);
        this.rateLimiter = new ChunkRateLimiter(usage, clock);
        this.ingestion = new Ingestion(chunks, sessions, hotspots, usageMeter, metrics, clock);
        this.eraser = new SessionEraser(chunks, sessions, tenants, clock);
        this.importer = new Importer(ingestion, eraser, clock);
        this.reader = new SessionReader(sessions, chunks, clock);
        this.shares = new Shares(tenants, reader, clock);
        this.deletion = new SessionDeletion(sessions, eraser);
        this.retentionSweep = new RetentionSweep(tenants, sessions, eraser, clock);
        this.idleSessions = new IdleSessions(tenants, sessions, ingestion, clock);
        this.rescore = new Rescore(tenants, sessions, hotspots, ingestion, clock);
        this.assets = new Assets(
                assetStore,
                chunks,
                clock,
                AssetLimits.readUrlValidity(System.getenv(AssetLimits.ENV_READ_URL_SECONDS)));
        this.assetSweep = new AssetSweep(tenants, assets);
        this.insights = new Insights(hotspots, clock);
        this.errorGroups = new ErrorGroups(hotspots, clock);
        this.organizationDeletion = new OrganizationDeletion(tenants, teams, audit, clock);
        this.organizationErasure =
                new OrganizationErasure(tenants, teams, sessions, chunks, assetStore, usage, hotspots, clock);
    }

    /** The same wiring on another chunk store (tests wrap the real one to count, fail or interleave its calls). */
    public Rewind withChunks(ChunkStore other) {
        return new Rewind(
                config, clock, tenants, other, sessions, teams, audit, tokens, usage, assetStore, hotspots, metrics);
    }

    /** The same wiring on another session index (as {@link #withChunks}). */
    public Rewind withSessions(SessionIndex other) {
        return new Rewind(
                config, clock, tenants, chunks, other, teams, audit, tokens, usage, assetStore, hotspots, metrics);
    }

    /** The planner of the scheduled jobs' fan-out on {@code queue} (docs/SCALE.md, "Fan-out"). */
    public Planner planner(WorkQueue queue) {
        return new Planner(tenants, queue);
    }

    /**
     * The fan-out's worker on {@code queue}: both scheduled jobs and the re-score a tenant starts, one tenant's
     * part per message.
     */
    public Worker worker(WorkQueue queue) {
        return worker(queue, rescore);
    }

    /** The same with another re-score (tests give it smaller parts). */
    public Worker worker(WorkQueue queue, Rescore rescoreJob) {
        return new Worker(
                Map.of(
                        Job.RETENTION_SWEEP,
                        this::sweepTenant,
                        Job.FINISH_IDLE_SESSIONS,
                        this::finishIdleTenant,
                        Job.RESCORE,
                        rescoreJob),
                planner(queue),
                queue);
    }

    /**
     * The whole retention sweep in one run, every tenant in turn: expired sessions, then the stored assets no
     * session in retention references (docs/ASSETS.md), in what is left of {@code budget}. Deleted
     * organizations are erased by the fan-out's per-tenant part only ({@link #sweepTenant}).
     */
    public WalkReport sweepAllTenants(Duration budget) {
        long started = System.nanoTime();
        WalkReport sessions = retentionSweep.run(budget);
        return sessions.then(assetSweep.run(left(budget, started)));
    }

    /**
     * The retention sweep's part for one tenant of the fan-out: as {@link #sweepAllTenants}, for one tenant. A
     * deleted organization's part is its erasure instead.
     */
    private TenantJob.Part sweepTenant(String tenantId, String cursor, Duration budget) {
        if (OrganizationErasure.isCursor(cursor)) {
            return organizationErasure.runTenant(tenantId, cursor, budget);
        }
        long started = System.nanoTime();
        TenantJob.Part sessions = retentionSweep.runTenant(tenantId, cursor, budget);
        if (sessions.report().tenants() == 0) {
            // the sweep found no tenant item to sweep (one read, as for every tenant): a deleted
            // organization's marker, whose part is the erasure of all it left (docs/RETENTION.md)
            return organizationErasure.runTenant(tenantId, null, left(budget, started));
        }
        metrics.sessionsErased(sessions.report().count(RetentionSweep.SESSIONS_ERASED));
        if (!sessions.done()) {
            return sessions;
        }
        WalkReport unusedAssets = assetSweep.runTenant(tenantId, left(budget, started));
        return new TenantJob.Part(sessions.report().then(unusedAssets), null);
    }

    private static Duration left(Duration budget, long startedNanos) {
        Duration left = budget.minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The idle finisher's part for one tenant, its finished sessions counted in the metrics. */
    private TenantJob.Part finishIdleTenant(String tenantId, String cursor, Duration budget) {
        TenantJob.Part part = idleSessions.runTenant(tenantId, cursor, budget);
        metrics.sessionsFinished(part.report().count(IdleSessions.SESSIONS_FINISHED));
        return part;
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
                stores.hotspots(),
                stores.metrics());
    }
}
