package dev.rewind;

import dev.rewind.aws.AwsClients;
import dev.rewind.ingest.ChunkStore;
import dev.rewind.ingest.Ingestion;
import dev.rewind.ingest.S3ChunkStore;
import dev.rewind.priming.Priming;
import dev.rewind.sessions.DynamoSessionIndex;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.tenants.DynamoTenantStore;
import dev.rewind.tenants.TenantStore;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
    public final Ingestion ingestion;

    public Rewind(RewindConfig config, Clock clock, TenantStore tenants, ChunkStore chunks, SessionIndex sessions) {
        this.config = config;
        this.clock = clock;
        this.tenants = tenants;
        this.chunks = chunks;
        this.sessions = sessions;
        this.ingestion = new Ingestion(chunks, sessions, clock);
    }

    public static Rewind create(RewindConfig config, Clock clock) {
        return create(config, clock, null);
    }

    /** @param endpoint AWS endpoint overriding the environment's, or null */
    public static Rewind create(RewindConfig config, Clock clock, URI endpoint) {
        DynamoDbClient dynamo = AwsClients.dynamoDb(endpoint);
        DynamoDbEnhancedClient enhanced = AwsClients.enhanced(dynamo);
        return new Rewind(config, clock,
                new DynamoTenantStore(enhanced, config.tenantsTable(), config.keysTable()),
                new S3ChunkStore(AwsClients.s3(endpoint), AwsClients::s3Presigner, config.chunksBucket()),
                new DynamoSessionIndex(dynamo, enhanced, config.sessionsTable(), config.userSessionsTable()));
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
