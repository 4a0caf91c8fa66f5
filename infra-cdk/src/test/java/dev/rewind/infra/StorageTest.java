package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StorageTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void bucketsBlockAllPublicAccess() {
        Map<String, Map<String, Object>> buckets = ofType(template, "AWS::S3::Bucket");

        assertThat(buckets).hasSize(2);
        buckets.values()
                .forEach(bucket -> assertThat(bucket.get("PublicAccessBlockConfiguration"))
                        .isEqualTo(Map.of(
                                "BlockPublicAcls",
                                true,
                                "BlockPublicPolicy",
                                true,
                                "IgnorePublicAcls",
                                true,
                                "RestrictPublicBuckets",
                                true)));
    }

    @Test
    void bucketPoliciesDenyEveryRequestWithoutTls() {
        Map<String, Map<String, Object>> policies = ofType(template, "AWS::S3::BucketPolicy");

        assertThat(policies).hasSize(2);
        policies.values()
                .forEach(policy -> assertThat(
                                list(map(policy.get("PolicyDocument")).get("Statement")))
                        .anySatisfy(statement -> assertThat(map(statement))
                                .containsEntry("Effect", "Deny")
                                .containsEntry("Action", "s3:*")
                                .containsEntry("Principal", Map.of("AWS", "*"))
                                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
    }

    @Test
    void bucketsAreEncryptedAtRest() {
        ofType(template, "AWS::S3::Bucket")
                .values()
                .forEach(bucket -> assertThat(bucket.get("BucketEncryption"))
                        .isEqualTo(Map.of(
                                "ServerSideEncryptionConfiguration",
                                List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
    }

    @Test
    void theChunkBucketHasTheLifecycleSafetyNet() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                List.of(Map.of(
                                        "Id",
                                        "safety-net",
                                        "Status",
                                        "Enabled",
                                        "ExpirationInDays",
                                        ChunkBucket.LIFECYCLE_EXPIRE_DAYS,
                                        "AbortIncompleteMultipartUpload",
                                        Map.of("DaysAfterInitiation", ChunkBucket.ABORT_INCOMPLETE_UPLOAD_DAYS))))));
    }

    @Test
    void onlyTheConsoleOriginMayReadChunksCrossOrigin() {
        Map<String, Object> chunks = chunkBucket();
        List<Object> rules = list(map(chunks.get("CorsConfiguration")).get("CorsRules"));

        // the other rule is the recorders' asset uploads: PUT only, so nothing is readable through it (docs/ASSETS.md)
        assertThat(rules).hasSize(2);
        assertThat(map(rules.get(1)).get("AllowedMethods")).isEqualTo(List.of("PUT"));
        Map<String, Object> rule = map(rules.get(0));
        assertThat(rule.get("AllowedMethods")).isEqualTo(List.of("GET", "HEAD"));
        // https:// + the distribution's domain name, not "*"
        List<Object> origin =
                list(list(map(list(rule.get("AllowedOrigins")).get(0)).get("Fn::Join"))
                        .get(1));
        assertThat(origin.get(0)).isEqualTo("https://");
        assertThat(target(origin.get(1))).startsWith("ConsoleCdn");
    }

    @Test
    void everyChunkKeyIsUnderThePrefixThePoliciesName() {
        assertThat(ChunkBucket.chunkKey("tenant", "session", 0)).startsWith(Storage.CHUNK_KEY_PREFIX);
        assertThat(ChunkBucket.tenantPrefix("tenant")).startsWith(Storage.CHUNK_KEY_PREFIX);
    }

    @Test
    void tablesHaveTheKeysIndexesTtlAndStreamOfTheirDefinitions() {
        for (TableDefinition table : Tables.ALL) {
            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            expected.put(
                    "KeySchema",
                    table.sortKey() == null
                            ? List.of(
                                    Map.of("AttributeName", table.partitionKey().name(), "KeyType", "HASH"))
                            : List.of(
                                    Map.of("AttributeName", table.partitionKey().name(), "KeyType", "HASH"),
                                    Map.of("AttributeName", table.sortKey().name(), "KeyType", "RANGE")));
            expected.put("BillingMode", "PAY_PER_REQUEST");
            expected.put(
                    "TimeToLiveSpecification",
                    table.ttlAttribute() == null
                            ? Match.absent()
                            : Map.of("AttributeName", table.ttlAttribute(), "Enabled", true));
            expected.put(
                    "StreamSpecification", table.stream() ? Map.of("StreamViewType", "KEYS_ONLY") : Match.absent());
            expected.put("GlobalSecondaryIndexes", table.indexes().isEmpty() ? Match.absent() : indexes(table));

            template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(expected));
        }
    }

    @Test
    void tablesHavePointInTimeRecovery() {
        Map<String, Map<String, Object>> tables = ofType(template, "AWS::DynamoDB::Table");

        assertThat(tables).hasSize(Tables.ALL.size());
        tables.values()
                .forEach(table -> assertThat(table.get("PointInTimeRecoverySpecification"))
                        .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void tablesAreProtectedAndRetainedByDefault() {
        template.allResources(
                "AWS::DynamoDB::Table",
                Map.of(
                        "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", true)),
                        "DeletionPolicy", "Retain",
                        "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void deletionProtectionCanBeTurnedOffForAThrowawayEnvironment() {
        Stacks.freshCloneTemplate()
                .allResources(
                        "AWS::DynamoDB::Table",
                        Map.of(
                                "Properties",
                                Match.objectLike(Map.of("DeletionProtectionEnabled", false)),
                                "DeletionPolicy",
                                "Delete"));
    }

    private static List<Object> indexes(TableDefinition table) {
        List<Object> indexes = new ArrayList<>();
        for (TableDefinition.Index index : table.indexes()) {
            indexes.add(Map.of(
                    "IndexName", index.name(),
                    "KeySchema",
                            List.of(
                                    Map.of("AttributeName", index.partitionKey().name(), "KeyType", "HASH"),
                                    Map.of("AttributeName", index.sortKey().name(), "KeyType", "RANGE")),
                    "Projection", Map.of("ProjectionType", "KEYS_ONLY")));
        }
        return indexes;
    }

    private Map<String, Object> chunkBucket() {
        return ofType(template, "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> e.getKey().startsWith("StorageChunks"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
    }
}
