package dev.rewind;

import dev.rewind.aws.AwsStores;
import dev.rewind.aws.CognitoTokens;
import dev.rewind.common.RewindConfig;
import dev.rewind.ingest.ChunkStore;
import dev.rewind.ingest.Ingestion;
import dev.rewind.priming.Priming;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.teams.Access;
import dev.rewind.teams.AuditLog;
import dev.rewind.teams.TeamStore;
import dev.rewind.teams.TokenVerifier;
import dev.rewind.tenants.TenantStore;

import java.net.URI;
import java.time.Clock;

/**
 * The wiring of one process: clients, stores and the ingest pipeline, built once (static scope on
 * Lambda, so warm invocations reuse them). No container: handlers take a {@code Rewind} in their
 * constructor, and their no-argument constructor uses {@link #shared()}, which also registers the
 * SnapStart priming hook ({@link Priming}).
 */
public final class Rewind {
    private static volatile Rewind shared;

    public final RewindConfig config;
    public final Clock clock;
    public final TenantStore tenants;
    public final ChunkStore chunks;
    public final SessionIndex sessions;
    public final TeamStore teams;
    public final AuditLog audit;
    public final Ingestion ingestion;
    /** Who a console or API request comes from: api keys, and users of the configured pool (docs/SECURITY.md). */
    public final Access access;

    /**
     * @param teams  null where only ingest runs (SnapStart priming, the benchmark)
     * @param audit  null where only ingest runs
     * @param tokens null when no user pool is configured: only api keys sign in then
     */
    public Rewind(RewindConfig config, Clock clock, TenantStore tenants, ChunkStore chunks, SessionIndex sessions,
                  TeamStore teams, AuditLog audit, TokenVerifier tokens) {
        this.config = config;
        this.clock = clock;
        this.tenants = tenants;
        this.chunks = chunks;
        this.sessions = sessions;
        this.teams = teams;
        this.audit = audit;
        this.ingestion = new Ingestion(chunks, sessions, clock);
        this.access = new Access(tenants, teams, tokens, clock);
    }

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
        return new Rewind(config, clock, stores.tenants(), stores.chunks(), stores.sessions(), stores.teams(), stores.audit(), tokens);
    }

    public static Rewind shared() {
        Rewind result = shared;
        if (result == null) {
            synchronized (Rewind.class) {
                if (shared == null) {
                    shared = create(RewindConfig.fromEnvironment(), Clock.systemUTC());
                    Priming.register();
                }
                result = shared;
            }
        }
        return result;
    }
}
