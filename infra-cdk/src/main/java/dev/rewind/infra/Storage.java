package dev.rewind.infra;

import dev.rewind.storage.AssetBucket;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.WarmThroughput;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where recordings live: the chunk bucket and the tables, built from the definitions the
 * local bootstrap uses too ({@link Tables}, {@link ChunkBucket}).
 */
public final class Storage extends Construct {
    /** Every chunk key starts here (ChunkBucket's layout {@code t/<tenantId>/s/<sessionId>/<seq>.json.gz}). */
    public static final String CHUNK_KEY_PREFIX = "t/";

    private final Bucket chunks;
    private final Map<TableDefinition, Table> tables = new LinkedHashMap<>();

    public Storage(Construct scope, String id, boolean deletionProtection) {
        super(scope, id);
        RemovalPolicy keepData = deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        // Recordings are customer data: never public, encrypted, reachable only over TLS. SSE-S3 rather
        // than KMS: a KMS request per chunk write would cost more than the write itself (docs/DEPLOY.md).
        this.chunks = Bucket.Builder.create(this, "Chunks")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id(ChunkBucket.SAFETY_NET.id())
                        .enabled(true)
                        .expiration(Duration.days(ChunkBucket.SAFETY_NET.expireDays()))
                        .abortIncompleteMultipartUploadAfter(
                                Duration.days(ChunkBucket.SAFETY_NET.abortIncompleteUploadDays()))
                        .build()))
                // a bucket with recordings in it cannot be deleted by CloudFormation anyway
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        for (TableDefinition definition : Tables.ALL) {
            tables.put(definition, table(definition, deletionProtection, keepData));
        }
    }

    /**
     * The sessions table's warm throughput at launch (docs/SCALE.md, "DynamoDB"): an on-demand table starts
     * able to serve 4,000 writes and 12,000 reads a second and grows from there as traffic doubles; ingest at
     * 1 billion sessions a month peaks near 10,000 session writes a second, so the table is pre-warmed for
     * that rather than throttling while it grows. A one-time charge; the other tables are far below the defaults.
     */
    public static final WarmThroughput SESSIONS_WARM_THROUGHPUT = WarmThroughput.builder()
            .writeUnitsPerSecond(12_000)
            .readUnitsPerSecond(24_000)
            .build();

    private Table table(TableDefinition definition, boolean deletionProtection, RemovalPolicy removalPolicy) {
        // Encrypted at rest with DynamoDB's own key: an account KMS key would add a KMS call every few
        // minutes per Lambda connection and buy no isolation the IAM policies do not already give.
        Table.Builder builder = Table.Builder.create(this, definition.id())
                .partitionKey(attribute(definition.partitionKey()))
                .sortKey(definition.sortKey() == null ? null : attribute(definition.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.DEFAULT)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(deletionProtection)
                .removalPolicy(removalPolicy);
        if (definition.sortKey() != null) {
            builder.sortKey(attribute(definition.sortKey()));
        }
        if (definition.equals(Tables.SESSIONS)) {
            builder.warmThroughput(SESSIONS_WARM_THROUGHPUT);
        }
        if (definition.ttlAttribute() != null) {
            builder.timeToLiveAttribute(definition.ttlAttribute());
        }
        if (definition.stream()) {
            // keys are all the expiry consumer needs: tenantId#sessionId names the chunks to delete
            builder.stream(StreamViewType.KEYS_ONLY);
        }
        Table table = builder.build();
        for (TableDefinition.Index index : definition.indexes()) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .sortKey(attribute(index.sortKey()))
                    .projectionType(ProjectionType.KEYS_ONLY)
                    .build());
        }
        return table;
    }

    private static Attribute attribute(TableDefinition.Key key) {
        return Attribute.builder()
                .name(key.name())
                .type(key.type() == TableDefinition.Type.S ? AttributeType.STRING : AttributeType.NUMBER)
                .build();
    }

    /** The console reads chunks straight from S3 with short-lived URLs: only its origins may, and only read. */
    public void allowChunkReadsFrom(List<String> consoleOrigins) {
        addCorsRule(ChunkBucket.chunkReads(consoleOrigins));
    }

    /** Recorders upload captured assets from customers' sites with presigned PUTs (docs/ASSETS.md). */
    public void allowAssetUploads() {
        addCorsRule(AssetBucket.uploads());
    }

    private void addCorsRule(ChunkBucket.Cors cors) {
        chunks.addCorsRule(CorsRule.builder()
                .allowedMethods(
                        cors.allowedMethods().stream().map(HttpMethods::valueOf).toList())
                .allowedOrigins(cors.allowedOrigins())
                .allowedHeaders(cors.allowedHeaders())
                .maxAge(cors.maxAgeSeconds())
                .build());
    }

    public Bucket chunks() {
        return chunks;
    }

    public Table table(TableDefinition definition) {
        return tables.get(definition);
    }

    public Map<TableDefinition, Table> tables() {
        return Map.copyOf(tables);
    }

    /** The ARN of one index of a table. */
    public String indexArn(TableDefinition definition, String indexName) {
        if (definition.indexes().stream().noneMatch(i -> i.name().equals(indexName))) {
            throw new IllegalArgumentException(definition.id() + " has no index " + indexName);
        }
        return table(definition).getTableArn() + "/index/" + indexName;
    }

    /** The ARN patterns of the captured assets' objects: stored copies and uploads (AssetBucket). */
    public List<String> assetObjectsArns() {
        return List.of(chunks.arnForObjects("t/*/a/*"), uploadObjectsArn());
    }

    /** The ARN pattern of the uploads not yet checked. */
    public String uploadObjectsArn() {
        return chunks.arnForObjects("t/*/u/*");
    }

    /** The ARN pattern of every chunk object. */
    public String chunkObjectsArn() {
        return chunks.arnForObjects(CHUNK_KEY_PREFIX + "*");
    }
}
