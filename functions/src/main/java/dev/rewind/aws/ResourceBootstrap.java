package dev.rewind.aws;

import dev.rewind.common.RewindConfig;
import dev.rewind.storage.AssetBucket;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Creates the tables and the bucket from {@link Tables} and {@link ChunkBucket} in an emulator (or any
 * account), for the local runner and the integration tests; the CDK app reads the same definitions.
 * Idempotent: existing resources are left as they are, so it also puts back what went missing.
 */
public final class ResourceBootstrap {
    private ResourceBootstrap() {}

    public static void create(DynamoDbClient dynamo, S3Client s3, RewindConfig config) {
        tables(config).forEach((name, table) -> createTable(dynamo, table, name));
        createBucket(s3, config.chunksBucket());
    }

    /**
     * The names of the tables and the bucket that are not there (an emulator that restarted has none);
     * empty when everything is. An unreachable endpoint throws the SDK's exception.
     */
    public static List<String> missing(DynamoDbClient dynamo, S3Client s3, RewindConfig config) {
        List<String> missing = new ArrayList<>();
        for (String name : tables(config).keySet()) {
            try {
                dynamo.describeTable(r -> r.tableName(name));
            } catch (ResourceNotFoundException gone) {
                missing.add(name);
            }
        }
        try {
            s3.headBucket(r -> r.bucket(config.chunksBucket()));
        } catch (NoSuchBucketException gone) {
            missing.add(config.chunksBucket());
        }
        return missing;
    }

    /** Each table by its name in this configuration. */
    private static Map<String, TableDefinition> tables(RewindConfig config) {
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        tables.put(config.tenantsTable(), Tables.TENANTS);
        tables.put(config.keysTable(), Tables.KEYS);
        tables.put(config.sessionsTable(), Tables.SESSIONS);
        tables.put(config.userSessionsTable(), Tables.USER_SESSIONS);
        tables.put(config.teamsTable(), Tables.TEAMS);
        tables.put(config.auditTable(), Tables.AUDIT);
        tables.put(config.usageTable(), Tables.USAGE);
        tables.put(config.insightsTable(), Tables.INSIGHTS);
        return tables;
    }

    static void createTable(DynamoDbClient dynamo, TableDefinition table, String name) {
        Map<String, TableDefinition.Type> attributes = new LinkedHashMap<>();
        attributes.put(table.partitionKey().name(), table.partitionKey().type());
        List<KeySchemaElement> keySchema = new ArrayList<>();
        keySchema.add(KeySchemaElement.builder()
                .attributeName(table.partitionKey().name())
                .keyType(KeyType.HASH)
                .build());
        if (table.sortKey() != null) {
            attributes.put(table.sortKey().name(), table.sortKey().type());
            keySchema.add(KeySchemaElement.builder()
                    .attributeName(table.sortKey().name())
                    .keyType(KeyType.RANGE)
                    .build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableDefinition.Index index : table.indexes()) {
            attributes.put(index.partitionKey().name(), index.partitionKey().type());
            attributes.put(index.sortKey().name(), index.sortKey().type());
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(
                            KeySchemaElement.builder()
                                    .attributeName(index.partitionKey().name())
                                    .keyType(KeyType.HASH)
                                    .build(),
                            KeySchemaElement.builder()
                                    .attributeName(index.sortKey().name())
                                    .keyType(KeyType.RANGE)
                                    .build())
                    .projection(Projection.builder()
                            .projectionType(ProjectionType.KEYS_ONLY)
                            .build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema)
                .attributeDefinitions(attributes.entrySet().stream()
                        .map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey())
                                .attributeType(ScalarAttributeType.fromValue(
                                        e.getValue().name()))
                                .build())
                        .toList());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        if (table.stream()) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.KEYS_ONLY)
                    .build());
        }
        try {
            dynamo.createTable(request.build());
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
            if (table.ttlAttribute() != null) {
                dynamo.updateTimeToLive(r -> r.tableName(name)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
            }
        } catch (ResourceInUseException alreadyThere) {
            // created by an earlier run
        }
    }

    static void createBucket(S3Client s3, String name) {
        try {
            s3.createBucket(r -> r.bucket(name));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            return;
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException alreadyThere) {
            return;
        }
        List<CORSRule> rules =
                List.of(ChunkBucket.chunkReads(List.of(ChunkBucket.ANY_ORIGIN)), AssetBucket.uploads()).stream()
                        .map(cors -> CORSRule.builder()
                                .allowedMethods(cors.allowedMethods())
                                .allowedOrigins(cors.allowedOrigins())
                                .allowedHeaders(cors.allowedHeaders())
                                .maxAgeSeconds(cors.maxAgeSeconds())
                                .build())
                        .toList();
        s3.putBucketCors(r -> r.bucket(name).corsConfiguration(c -> c.corsRules(rules)));
        ChunkBucket.Lifecycle lifecycle = ChunkBucket.SAFETY_NET;
        s3.putBucketLifecycleConfiguration(r -> r.bucket(name)
                .lifecycleConfiguration(l -> l.rules(rule -> rule.id(lifecycle.id())
                        .status("Enabled")
                        .filter(f -> f.prefix(""))
                        .expiration(e -> e.days(lifecycle.expireDays()))
                        .abortIncompleteMultipartUpload(
                                a -> a.daysAfterInitiation(lifecycle.abortIncompleteUploadDays())))));
    }
}
