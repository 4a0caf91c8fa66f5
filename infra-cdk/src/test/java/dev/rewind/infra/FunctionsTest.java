package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.resources;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.common.RewindConfig;
import dev.rewind.http.Routes;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.Tables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class FunctionsTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void everyFunctionRunsJava25OnArm64WithSnapStart() {
        for (Routes.Function definition : Routes.functions()) {
            assertThat(function(template, definition))
                    .as(definition.id())
                    .containsEntry("Runtime", "java25")
                    .containsEntry("Architectures", List.of("arm64"))
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        }
    }

    @Test
    void memoryAndTimeoutAreThoseOfTheRouteTable() {
        for (Routes.Function definition : Routes.functions()) {
            assertThat(function(template, definition))
                    .as(definition.id())
                    .containsEntry("MemorySize", definition.memoryMb())
                    .containsEntry("Timeout", definition.timeoutSeconds());
        }
    }

    @Test
    void everyFunctionIsInvokedThroughAnAliasOnAPublishedVersion() {
        Map<String, Map<String, Object>> aliases = ofType(template, "AWS::Lambda::Alias");

        assertThat(aliases).hasSize(Routes.functions().size());
        aliases.values().forEach(alias -> {
            assertThat(alias.get("Name")).isEqualTo(RewindFunction.ALIAS);
            assertThat(resources(template)
                            .get(target(alias.get("FunctionVersion")))
                            .get("Type"))
                    .isEqualTo("AWS::Lambda::Version");
        });
    }

    @Test
    void everyFunctionGetsTheConfigurationTheCodeReads() {
        for (Routes.Function definition : Routes.functions()) {
            Map<String, Object> variables =
                    map(map(function(template, definition).get("Environment")).get("Variables"));

            assertThat(variables)
                    .as(definition.id())
                    .containsKeys(
                            Tables.TENANTS.envVar(),
                            Tables.KEYS.envVar(),
                            Tables.SESSIONS.envVar(),
                            Tables.USER_SESSIONS.envVar(),
                            ChunkBucket.ENV_VAR,
                            RewindConfig.ENV_PUBLIC_API_URL,
                            RewindConfig.ENV_CONSOLE_URL,
                            RewindConfig.ENV_SDK_URL);
            List<Object> sdkUrl =
                    list(list(map(variables.get(RewindConfig.ENV_SDK_URL)).get("Fn::Join"))
                            .get(1));
            assertThat(sdkUrl.get(sdkUrl.size() - 1)).isEqualTo("/sdk/v" + Stacks.SDK_VERSION + "/rewind.js");
        }
    }

    @Test
    void everyFunctionLogsToALogGroupWithTheConfiguredRetention() {
        Map<String, Map<String, Object>> logGroups = ofType(template, "AWS::Logs::LogGroup");
        Map<String, Map<String, Object>> functions = ofType(template, "AWS::Lambda::Function");

        functions.forEach((id, function) -> {
            if (id.startsWith("CustomCrossRegionExportReader")) {
                return; // CDK's own handler of the web ACL's cross-region reference (docs/SECURITY.md)
            }
            String logGroup = target(map(function.get("LoggingConfig")).get("LogGroup"));
            assertThat(logGroups).as(id).containsKey(logGroup);
        });
        assertThat(logGroups)
                .isNotEmpty()
                .allSatisfy((id, logGroup) -> assertThat(logGroup)
                        .as(id)
                        .containsEntry("RetentionInDays", DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS));
    }

    @Test
    void logRetentionFollowsTheSetting() {
        assertThat(ofType(Stacks.freshCloneTemplate(), "AWS::Logs::LogGroup"))
                .isNotEmpty()
                .allSatisfy((id, logGroup) -> assertThat(logGroup).containsEntry("RetentionInDays", 7));
    }

    @Test
    void reservedConcurrencyCapsIngestOnlyWhenTheOperatorAsksForIt() {
        assertThat(function(template, Routes.INGEST)).doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(function(Stacks.freshCloneTemplate(), Routes.INGEST))
                .containsEntry("ReservedConcurrentExecutions", 50);
        assertThat(function(Stacks.freshCloneTemplate(), Routes.SESSIONS))
                .doesNotContainKey("ReservedConcurrentExecutions");
    }

    static Map<String, Object> function(Template template, Routes.Function definition) {
        return ofType(template, "AWS::Lambda::Function").values().stream()
                .filter(f -> RewindFunction.handler(definition).equals(f.get("Handler")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function for " + definition.handlerClass()));
    }
}
