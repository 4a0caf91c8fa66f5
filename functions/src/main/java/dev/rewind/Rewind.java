package dev.rewind;

import dev.rewind.assets.AssetSweep;
import dev.rewind.assets.Assets;
import dev.rewind.aws.AwsStores;
import dev.rewind.common.RewindConfig;
import dev.rewind.ingest.IdleSessions;
import dev.rewind.ingest.Importer;
import dev.rewind.ingest.Ingestion;
import dev.rewind.retention.RetentionSweep;
import dev.rewind.retention.SessionDeletion;
import dev.rewind.retention.SessionEraser;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionReader;
import dev.rewind.sessions.Shares;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.TenantStore;

import java.net.URI;
import java.time.Clock;

/**
 * The wiring of one process, written out by hand (no container): the three ports and every service
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
    public final AssetStore assetStore;

    public final Ingestion ingestion;
    public final Importer importer;
    public final SessionReader reader;
    public final Shares shares;
    public final SessionEraser eraser;
    public final SessionDeletion deletion;
    public final RetentionSweep retentionSweep;
    public final IdleSessions idleSessions;
    public final Assets assets;
    public final AssetSweep assetSweep;

    /** The wiring without asset storage ({@link AssetStore#NONE}): in-memory stand-ins and tests of the other ports. */
    public Rewind(RewindConfig config, Clock clock, TenantStore tenants, ChunkStore chunks, SessionIndex sessions) {
        this(config, clock, tenants, chunks, sessions, AssetStore.NONE);
    }

    public Rewind(RewindConfig config, Clock clock, TenantStore tenants, ChunkStore chunks, SessionIndex sessions,
                  AssetStore assetStore) {
        this.config = config;
        this.assetStore = assetStore;
        this.clock = clock;
        this.tenants = tenants;
        this.chunks = chunks;
        this.sessions = sessions;
        this.ingestion = new Ingestion(chunks, sessions, clock);
        this.eraser = new SessionEraser(chunks, sessions, tenants, clock);
        this.importer = new Importer(ingestion, eraser, clock);
        this.reader = new SessionReader(sessions, chunks, clock);
        this.shares = new Shares(tenants, reader, clock);
        this.deletion = new SessionDeletion(sessions, eraser);
        this.retentionSweep = new RetentionSweep(tenants, sessions, eraser, clock);
        this.idleSessions = new IdleSessions(tenants, sessions, ingestion, clock);
        this.assets = new Assets(assetStore, clock);
        this.assetSweep = new AssetSweep(tenants, assets);
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
        return new Rewind(config, clock, stores.tenants(), stores.chunks(), stores.sessions(), stores.assets());
    }
}
