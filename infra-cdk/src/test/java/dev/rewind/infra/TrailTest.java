package dev.rewind.infra;

import static dev.rewind.infra.EdgeFirewallTest.distributionConfig;
import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.resources;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.http.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** What is left to investigate with: API access logs, CloudFront standard logs, X-Ray. */
class TrailTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void theApiLogsEveryRequestAsJsonIntoALogGroupWithTheRetention() throws Exception {
        Map<String, Object> settings = map(stage().get("AccessLogSettings"));
        String logGroup = target(settings.get("DestinationArn"));
        JsonNode line = new ObjectMapper().readTree((String) settings.get("Format"));

        assertThat(map(resources(template).get(logGroup).get("Properties")))
                .containsEntry("RetentionInDays", DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS);
        assertThat(line.path("route").asText()).isEqualTo("$context.routeKey");
        assertThat(line.path("status").asText()).isEqualTo("$context.status");
        assertThat(line.path("requestId").asText()).isEqualTo("$context.requestId");
    }

    @Test
    void theAccessLogNamesNeitherPathNorQueryNorAnyHeader() throws Exception {
        JsonNode line = new ObjectMapper()
                .readTree((String) map(stage().get("AccessLogSettings")).get("Format"));
        List<String> variables = new ArrayList<>();
        line.fields().forEachRemaining(field -> variables.add(field.getValue().asText()));

        // share tokens and user ids are in paths, ingest keys in the query, api keys in Authorization
        assertThat(variables)
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v)
                        .doesNotContain("$context.path", "$request", "querystring", "$context.identity", "header"));
    }

    @Test
    void cloudFrontStandardLogsAreOffUnlessAskedFor() {
        assertThat(distributionConfig(template)).doesNotContainKey("Logging");
    }

    @Test
    void cloudFrontLogsGoToAPrivateEncryptedBucketThatExpiresThem() {
        Template withLogs = Stacks.customDomainTemplate();
        Map<String, Object> logging = map(distributionConfig(withLogs).get("Logging"));
        String bucketId = target(logging.get("Bucket"));
        Map<String, Object> bucket = map(resources(withLogs).get(bucketId).get("Properties"));

        assertThat(logging)
                .containsEntry("Prefix", ConsoleSite.CLOUDFRONT_LOG_PREFIX)
                .containsEntry("IncludeCookies", false);
        assertThat(bucket.get("PublicAccessBlockConfiguration"))
                .isEqualTo(Map.of(
                        "BlockPublicAcls",
                        true,
                        "BlockPublicPolicy",
                        true,
                        "IgnorePublicAcls",
                        true,
                        "RestrictPublicBuckets",
                        true));
        assertThat(bucket.get("BucketEncryption"))
                .isEqualTo(Map.of(
                        "ServerSideEncryptionConfiguration",
                        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))));
        // CloudFront delivers standard logs with an ACL: owner-preferred keeps the objects the account's
        assertThat(map(bucket.get("OwnershipControls")).get("Rules"))
                .isEqualTo(List.of(Map.of("ObjectOwnership", "BucketOwnerPreferred")));
        assertThat(list(map(bucket.get("LifecycleConfiguration")).get("Rules")))
                .singleElement()
                .satisfies(rule -> assertThat(map(rule))
                        .containsEntry("ExpirationInDays", DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS)
                        .containsEntry("Status", "Enabled"));
        boolean tlsOnly = ofType(withLogs, "AWS::S3::BucketPolicy").values().stream()
                .filter(p -> target(p.get("Bucket")).equals(bucketId))
                .flatMap(p -> list(map(p.get("PolicyDocument")).get("Statement")).stream())
                .map(Stacks::map)
                .anyMatch(s -> "Deny".equals(s.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                                .equals(s.get("Condition")));
        assertThat(tlsOnly).isTrue();
    }

    @Test
    void tracingIsOffByDefaultAndActiveOnEveryFunctionWhenAskedFor() {
        for (Routes.Function function : Routes.functions()) {
            assertThat(FunctionsTest.function(template, function))
                    .as(function.id())
                    .doesNotContainKey("TracingConfig");
            assertThat(FunctionsTest.function(Stacks.customDomainTemplate(), function))
                    .as(function.id())
                    .containsEntry("TracingConfig", Map.of("Mode", "Active"));
        }
    }

    private Map<String, Object> stage() {
        return ofType(template, "AWS::ApiGatewayV2::Stage").values().iterator().next();
    }
}
