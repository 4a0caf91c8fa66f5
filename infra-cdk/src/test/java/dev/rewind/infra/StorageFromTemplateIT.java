package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The emulator's CloudFormation creates the storage resources from
 * the synthesized template, and the handlers work on them. What the emulator (moto) leaves out of a
 * template is listed in docs/DEPLOY.md; the assertion tests cover those properties instead.
 */
class StorageFromTemplateIT {
    private static final String CONSOLE_ORIGIN = "https://console.example";
    private static final Map<String, String> physicalIds = new HashMap<>();
    private static String stackName;
    private static final MutableClock clock = MutableClock.now();
    private static Rewind rewind;

    @BeforeAll
    static void createTheStorageStackInTheEmulator() throws Exception {
        // the throwaway settings (no deletion protection), so that the stack can be removed afterwards
        String template = new ObjectMapper()
                .writeValueAsString(storageTemplate(Stacks.freshCloneTemplate().toJSON()));
        stackName = "rewind-storage-" + UUID.randomUUID().toString().substring(0, 8);
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            // the stack goes where the handlers' clients look (AWS_ENDPOINT_URL, or AWS itself)
            assertThat(cloudFormation.serviceClientConfiguration().endpointOverride())
                    .isEqualTo(Emulator.DYNAMO.serviceClientConfiguration().endpointOverride())
                    .isEqualTo(Emulator.S3.serviceClientConfiguration().endpointOverride());
            cloudFormation.createStack(r -> r.stackName(stackName).templateBody(template));
            Stack stack = waitForCreation(cloudFormation, stackName);
            assertThat(stack.stackStatus()).as(stack.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);
            for (StackResource resource : cloudFormation
                    .describeStackResources(r -> r.stackName(stackName))
                    .stackResources()) {
                // moto lists the bucket policy, which it does not model, without ids
                if (resource.logicalResourceId() != null
                        && !resource.logicalResourceId().isBlank()) {
                    physicalIds.put(resource.logicalResourceId(), resource.physicalResourceId());
                }
            }
        }
        RewindConfig config = new RewindConfig(
                tableName(Tables.TENANTS),
                tableName(Tables.KEYS),
                tableName(Tables.SESSIONS),
                tableName(Tables.USER_SESSIONS),
                tableName(Tables.TEAMS),
                tableName(Tables.AUDIT),
                tableName(Tables.USAGE),
                tableName(Tables.INSIGHTS),
                bucketName(),
                "http://localhost:8080",
                CONSOLE_ORIGIN,
                CONSOLE_ORIGIN + "/sdk/v0.1.0/rewind.js",
                RewindConfig.fromEnvironment().userPool());
        rewind = Rewind.create(config, clock);
    }

    /** The chunk bucket is retained by design: emptied and removed here, then the stack. */
    @AfterAll
    static void removeTheStack() {
        if (stackName == null || physicalIds.isEmpty()) {
            return;
        }
        String bucket = bucketName();
        Emulator.S3
                .listObjectsV2Paginator(r -> r.bucket(bucket))
                .contents()
                .forEach(o -> Emulator.S3.deleteObject(r -> r.bucket(bucket).key(o.key())));
        Emulator.S3.deleteBucket(r -> r.bucket(bucket));
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            cloudFormation.deleteStack(r -> r.stackName(stackName));
        }
    }

    @Test
    void tablesHaveTheKeysIndexesAndStreamTheCodeUses() {
        for (TableDefinition definition : Tables.ALL) {
            TableDescription table = Emulator.DYNAMO
                    .describeTable(r -> r.tableName(tableName(definition)))
                    .table();

            assertThat(table.keySchema())
                    .extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                    .containsExactlyElementsOf(
                            definition.sortKey() == null
                                    ? List.of(definition.partitionKey().name() + " HASH")
                                    : List.of(
                                            definition.partitionKey().name() + " HASH",
                                            definition.sortKey().name() + " RANGE"));
            assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.globalSecondaryIndexes())
                    .extracting(GlobalSecondaryIndexDescription::indexName)
                    .containsExactlyInAnyOrderElementsOf(definition.indexes().stream()
                            .map(TableDefinition.Index::name)
                            .toList());
            assertThat(table.streamSpecification() != null
                            && Boolean.TRUE.equals(table.streamSpecification().streamEnabled()))
                    .as(definition.id() + " stream")
                    .isEqualTo(definition.stream());
        }
    }

    @Test
    void theChunkBucketIsEncrypted() {
        var encryption =
                Emulator.S3.getBucketEncryption(r -> r.bucket(bucketName())).serverSideEncryptionConfiguration();

        assertThat(encryption.rules())
                .singleElement()
                .satisfies(rule -> assertThat(
                                rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                        .isEqualTo("AES256"));
    }

    @Test
    void aChunkSentToTheTemplatesResourcesIsListedReadBackAndDeleted() throws Exception {
        // given a tenant signed up against the stack's tables
        JsonNode tenant = Json.MAPPER.readTree(new SignupHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/signup")
                                .json("{\"email\":\"ops@example.com\",\"organization\":\"Template\"}")
                                .build(),
                        null)
                .getBody());
        String apiKey = tenant.get("apiKey").asText();
        String sessionId = "template-session-0001";

        // when the recorder sends a chunk
        long now = clock.millis();
        String chunk = "{\"sessionId\":\"" + sessionId + "\",\"seq\":0,\"meta\":{\"url\":\"https://shop.example/\"},"
                + "\"events\":[{\"type\":4,\"timestamp\":" + (now - 2000)
                + ",\"data\":{\"href\":\"https://shop.example/\",\"width\":800,\"height\":600}},"
                + "{\"type\":3,\"timestamp\":" + (now - 1000)
                + ",\"data\":{\"source\":2,\"type\":2,\"id\":5,\"x\":1,\"y\":2}}]}";
        APIGatewayV2HTTPResponse ingest = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.get("ingestKey").asText())
                                .header("origin", "https://shop.example")
                                .binary(
                                        ChunkParser.gzip(chunk.getBytes(StandardCharsets.UTF_8)),
                                        "application/x-www-form-urlencoded")
                                .build(),
                        null);
        assertThat(ingest.getStatusCode()).as(ingest.getBody()).isEqualTo(202);

        // then the console lists it (a Query on the byStart index) and reads the chunk with its URL
        SessionsHandler sessions = new SessionsHandler(rewind);
        JsonNode list = Json.MAPPER.readTree(sessions.handleRequest(
                        ApiEvents.request("GET", "/v1/sessions").bearer(apiKey).build(), null)
                .getBody());
        assertThat(list.get("sessions"))
                .singleElement()
                .satisfies(s -> assertThat(s.get("sessionId").asText()).isEqualTo(sessionId));
        JsonNode detail = Json.MAPPER.readTree(sessions.handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", sessionId)
                                .bearer(apiKey)
                                .build(),
                        null)
                .getBody());
        HttpResponse<byte[]> object = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        detail.get("chunks").get(0).get("url").asText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(ChunkParser.readStored(object.body()).get("events")).hasSize(2);

        // and deleting it removes the chunk and leaves only the session's tombstone (docs/RETENTION.md)
        APIGatewayV2HTTPResponse deleted = sessions.handleRequest(
                ApiEvents.request("DELETE", "/v1/sessions/{id}")
                        .path("id", sessionId)
                        .bearer(apiKey)
                        .build(),
                null);
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        String tenantId = tenant.get("tenantId").asText();
        assertThat(rewind.chunks.keys(tenantId)).isEmpty();
        assertThat(rewind.sessions.load(tenantId, sessionId))
                .hasValueSatisfying(r -> assertThat(r.isDeleted()).isTrue());
    }

    /**
     * The Storage construct's resources of the synthesized template, alone. The chunk bucket's CORS
     * origin names the CloudFront distribution, which is not part of this stack: a fixed origin stands in.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> storageTemplate(Map<String, Object> synthesized) {
        Map<String, Object> full = new ObjectMapper().convertValue(synthesized, Map.class);
        Map<String, Object> resources = new LinkedHashMap<>();
        // logical ids of the Storage construct's resources start with its id
        map(full.get("Resources")).forEach((id, resource) -> {
            if (id.startsWith("Storage")) {
                resources.put(id, resource);
            }
        });
        resources.values().forEach(r -> {
            Map<String, Object> props = map(map(r).get("Properties"));
            if (props != null && props.containsKey("CorsConfiguration")) {
                list(map(props.get("CorsConfiguration")).get("CorsRules"))
                        .forEach(rule -> map(rule).put("AllowedOrigins", List.of(CONSOLE_ORIGIN)));
            }
        });
        assertThat(resources.keySet()).as("storage resources").hasSizeGreaterThanOrEqualTo(Tables.ALL.size() + 1);
        return Map.of("Resources", resources);
    }

    private static Stack waitForCreation(CloudFormationClient cloudFormation, String stackName)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Stack stack = cloudFormation
                    .describeStacks(r -> r.stackName(stackName))
                    .stacks()
                    .get(0);
            if (!stack.stackStatusAsString().endsWith("IN_PROGRESS")
                    || Instant.now().isAfter(deadline)) {
                return stack;
            }
            Thread.sleep(200);
        }
    }

    private static String tableName(TableDefinition definition) {
        return physicalIdStartingWith("Storage" + definition.id());
    }

    private static String bucketName() {
        return physicalIdStartingWith("StorageChunks");
    }

    private static String physicalIdStartingWith(String logicalPrefix) {
        return physicalIds.entrySet().stream()
                .filter(e -> e.getKey().startsWith(logicalPrefix) && !e.getKey().contains("Policy"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + logicalPrefix + " in " + physicalIds));
    }
}
