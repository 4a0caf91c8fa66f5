package dev.rewind.aws;

import dev.rewind.common.Metrics;
import dev.rewind.common.RewindConfig;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.insights.HotspotStore;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.TeamStore;
import dev.rewind.tenants.TenantStore;
import dev.rewind.usage.UsageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS adapters of the ports, built here and nowhere else: tenants and sessions in DynamoDB,
 * chunks and captured assets in S3, members, the audit log and usage in DynamoDB. Each adapter is handed out behind its port with the SDK's failures turned into
 * {@link StoreUnavailable} on the way out, so no caller ever sees an SDK exception, whichever method
 * of the adapter failed (the API answers it with 503 + Retry-After).
 */
public record AwsStores(
        TenantStore tenants,
        ChunkStore chunks,
        SessionIndex sessions,
        TeamStore teams,
        AuditLog audit,
        UsageStore usage,
        AssetStore assets,
        HotspotStore hotspots,
        Metrics metrics) {

    /** @param endpoint AWS endpoint overriding the environment's (a fault-injecting proxy in tests), or null */
    public static AwsStores create(RewindConfig config, URI endpoint) {
        return of(AwsClients.dynamoDb(endpoint), AwsClients.s3(endpoint), config);
    }

    /** The adapters on clients built elsewhere (tests count or break their requests). */
    public static AwsStores of(DynamoDbClient dynamo, S3Client s3, RewindConfig config) {
        DynamoDbEnhancedClient enhanced = AwsClients.enhanced(dynamo);
        return new AwsStores(
                failuresAsUnavailable(
                        TenantStore.class,
                        new DynamoTenantStore(
                                enhanced, config.tenantsTable(), config.keysTable(), config.teamsTable())),
                failuresAsUnavailable(
                        ChunkStore.class, new S3ChunkStore(s3, AwsClients::s3Presigner, config.chunksBucket())),
                failuresAsUnavailable(
                        SessionIndex.class,
                        new DynamoSessionIndex(enhanced, config.sessionsTable(), config.userSessionsTable())),
                failuresAsUnavailable(
                        TeamStore.class, new DynamoTeamStore(enhanced, config.teamsTable(), config.keysTable())),
                failuresAsUnavailable(AuditLog.class, new DynamoAuditLog(enhanced, config.auditTable())),
                failuresAsUnavailable(UsageStore.class, new DynamoUsageStore(dynamo, enhanced, config.usageTable())),
                failuresAsUnavailable(
                        AssetStore.class, new S3AssetStore(s3, AwsClients::s3Presigner, config.chunksBucket())),
                failuresAsUnavailable(
                        HotspotStore.class,
                        new DynamoHotspots(enhanced, config.insightsTable(), config.sessionsTable())),
                new EmfMetrics());
    }

    /** The adapter behind its port; an {@link SdkException} from any call leaves as {@link StoreUnavailable}. */
    static <T> T failuresAsUnavailable(Class<T> port, T adapter) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            try {
                return method.invoke(adapter, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SdkException failure) {
                    throw new StoreUnavailable(failure);
                }
                throw e.getCause();
            }
        }));
    }
}
