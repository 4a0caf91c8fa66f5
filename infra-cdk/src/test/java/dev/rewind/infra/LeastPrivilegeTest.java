package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.http.Routes;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class LeastPrivilegeTest {
    /** Actions IAM cannot scope to a resource: the only ones allowed on "*" (X-Ray's only with -c tracing=true). */
    private static final Set<String> ACCOUNT_LEVEL_ACTIONS =
            Set.of("dynamodb:ListStreams", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    /**
     * CDK's own handler of cross-region references (it reads, in the Rewind stack, and writes, in the
     * web ACL's stack, the SSM parameter with the web ACL's ARN). Its role is CDK's, with
     * AWSLambdaBasicExecutionRole; docs/SECURITY.md lists it with the cdk-nag findings.
     */
    static final List<String> CDK_CROSS_REGION_ROLES = List.of(
            "CustomCrossRegionExportReaderCustomResourceProviderRole",
            "CustomCrossRegionExportWriterCustomResourceProviderRole");

    private final Template template = Stacks.deployedTemplate();

    /** Every template a deploy can make: eu-west-1 with the web ACL's stack, us-east-1, every option on. */
    static List<Template> everyTemplate() {
        return List.of(
                Stacks.deployedTemplate(),
                Stacks.firewallTemplate(),
                Stacks.usEast1Template(),
                Stacks.customDomainTemplate());
    }

    /** One Allow statement of any policy in the template, with where it came from. */
    record Grant(String source, Map<String, Object> statement) {
        List<String> actions() {
            return list(statement.get("Action")).stream()
                    .map(String.class::cast)
                    .toList();
        }

        List<Object> resources() {
            return list(statement.get("Resource"));
        }
    }

    @Test
    void noPolicyAllowsAWildcardAction() {
        for (Template each : everyTemplate()) {
            List<Grant> grants = allowStatements(each);

            assertThat(grants).isNotEmpty().allSatisfy(grant -> {
                assertThat(grant.statement()).as(grant.source()).doesNotContainKey("NotAction");
                assertThat(grant.actions())
                        .as(grant.source())
                        .allSatisfy(action -> assertThat(action).doesNotContain("*"));
            });
        }
    }

    @Test
    void noPolicyAllowsAnyResourceWhereOneCanBeNamed() {
        for (Template each : everyTemplate()) {
            assertThat(allowStatements(each)).allSatisfy(grant -> {
                assertThat(grant.statement()).as(grant.source()).doesNotContainKey("NotResource");
                if (grant.resources().contains("*")) {
                    assertThat(grant.actions())
                            .as(grant.source() + " on *")
                            .allSatisfy(
                                    action -> assertThat(ACCOUNT_LEVEL_ACTIONS).contains(action));
                }
            });
        }
    }

    @Test
    void noRoleCarriesAManagedPolicy() {
        // AWS's managed Lambda policies allow logs on every log group: each role names its own instead
        for (Template each : everyTemplate()) {
            assertThat(ofType(each, "AWS::IAM::Role")).allSatisfy((id, role) -> {
                if (CDK_CROSS_REGION_ROLES.stream().noneMatch(id::startsWith)) {
                    assertThat(role).as(id).doesNotContainKey("ManagedPolicyArns");
                }
            });
        }
    }

    @Test
    void theOriginVerifierMayOnlyWriteItsOwnLogs() {
        Map<String, Object> verifier = ofType(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApiOriginVerifier"))
                .findFirst()
                .orElseThrow()
                .getValue();

        assertThat(actionsOfRole(target(verifier.get("Role"))))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void everyFunctionHasARoleOfItsOwn() {
        List<String> roles = Routes.functions().stream()
                .map(f -> target(FunctionsTest.function(template, f).get("Role")))
                .toList();

        assertThat(new TreeSet<>(roles)).hasSize(Routes.functions().size());
    }

    @Test
    void onlyTheFunctionsThatDeleteSessionsAndIngestMayDeleteChunks() {
        // ingest deletes only the chunk of a deleted session it refuses (docs/RETENTION.md)
        List<String> deleters = new ArrayList<>();
        for (Routes.Function function : Routes.functions()) {
            if (actionsOf(function).contains("s3:DeleteObject")) {
                deleters.add(function.id());
            }
        }

        assertThat(deleters)
                .containsExactlyInAnyOrder(
                        Routes.SESSIONS.id(),
                        Routes.SCHEDULED_WORK.id(),
                        Routes.SESSION_EXPIRY.id(),
                        Routes.INGEST.id(),
                        Routes.ASSETS.id());
        // the asset function deletes only uploads it refused or moved (docs/ASSETS.md)
        assertThat(resourcesOf(Routes.ASSETS, "s3:DeleteObject"))
                .singleElement()
                .asString()
                .contains("t/*/u/*");
    }

    @Test
    void theAssetFunctionReachesOnlyAssetKeysAndNeverAChunk() {
        assertThat(actionsOf(Routes.ASSETS).stream().filter(a -> !a.startsWith("logs:")))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "s3:GetObject", "s3:PutObject", "s3:DeleteObject");
        assertThat(resourcesOf(Routes.ASSETS, "s3:PutObject"))
                .hasSize(2)
                .allSatisfy(arn -> assertThat(arn.toString()).containsAnyOf("t/*/a/*", "t/*/u/*"));
    }

    @Test
    void onlyErasureByUserReadsTheUserLinksAndOnlyErasersReadSharesBySession() {
        for (Routes.Function function : Routes.functions()) {
            List<String> queried =
                    queryResourcesOf(function).stream().map(String::valueOf).toList();
            boolean readsLinks = queried.stream().anyMatch(arn -> arn.contains("StorageUserSessions"));
            boolean readsShares = queried.stream().anyMatch(arn -> arn.contains("/index/" + Tables.BY_SESSION));

            assertThat(readsLinks).as(function.id()).isEqualTo(function.equals(Routes.SESSIONS));
            assertThat(readsShares)
                    .as(function.id())
                    .isEqualTo(function.equals(Routes.SESSIONS) || function.equals(Routes.SCHEDULED_WORK));
        }
    }

    @Test
    void signupCanOnlyCreateTenantsAndKeys() {
        assertThat(actionsOf(Routes.SIGNUP))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:PutItem");
    }

    @Test
    void ingestCanReadKeysAndTenantsAndWriteChunksAndSessionsOnly() {
        assertThat(actionsOf(Routes.INGEST))
                .containsExactlyInAnyOrder(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:BatchGetItem",
                        "dynamodb:UpdateItem",
                        "s3:PutObject",
                        "s3:GetObject",
                        "s3:DeleteObject");
        // the one item it deletes is a user link it wrote for a chunk it then refused
        assertThat(resourcesOf(Routes.INGEST, "dynamodb:DeleteItem"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageUserSessions"));
        // the one table it batch-reads is the hotspot aggregates it adds to (docs/INSIGHTS.md)
        assertThat(resourcesOf(Routes.INGEST, "dynamodb:BatchGetItem"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageInsights"));
        // the one table it updates in place holds the plan's counters and the usage
        assertThat(resourcesOf(Routes.INGEST, "dynamodb:UpdateItem"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageUsage"));
    }

    @Test
    void theInsightsFunctionReadsAggregatesAndSessionsAndWritesNoDataOfThem() {
        assertThat(actionsOf(Routes.INSIGHTS))
                .containsExactlyInAnyOrder(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "dynamodb:GetItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:Query",
                        "dynamodb:BatchGetItem",
                        "dynamodb:PutItem");
        // its one update is an api key's last use; it queries the aggregates and batch-reads the sessions
        assertThat(resourcesOf(Routes.INSIGHTS, "dynamodb:UpdateItem"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageKeys"));
        assertThat(queryResourcesOf(Routes.INSIGHTS))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageInsights"));
        assertThat(resourcesOf(Routes.INSIGHTS, "dynamodb:BatchGetItem"))
                .hasSize(2)
                .anySatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageSessions"))
                .anySatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageInsights"));
        // the puts: an error group's status (the aggregates' table) and its audit entry, nothing else
        assertThat(resourcesOf(Routes.INSIGHTS, "dynamodb:PutItem"))
                .hasSize(2)
                .anySatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageInsights"))
                .anySatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageAudit"));
    }

    @Test
    void theTenantFunctionReachesTheInsightsTableOnlyForARescoresProgressAndSendsItsFirstMessage() {
        // a re-score (docs/FRUSTRATION.md, "Re-score history"): its progress item read and put, its first message
        // sent; no session, no chunk, no aggregate read in bulk
        assertThat(actionsOf(Routes.TENANT))
                .contains("sqs:SendMessage")
                .doesNotContain("dynamodb:BatchGetItem", "dynamodb:Scan", "s3:GetObject", "sqs:ReceiveMessage");
        assertThat(resourcesOf(Routes.TENANT, "dynamodb:Query"))
                .noneSatisfy(
                        arn -> assertThat(String.valueOf(arn)).containsAnyOf("StorageInsights", "StorageSessions"));
        assertThat(resourcesOf(Routes.TENANT, "dynamodb:GetItem"))
                .anySatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageInsights"))
                .noneSatisfy(arn -> assertThat(String.valueOf(arn)).contains("StorageSessions"));
        assertThat(resourcesOf(Routes.TENANT, "sqs:SendMessage"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("WorkQueue"));
    }

    @Test
    void usageReadsTheUsageTableAndWritesOnlyAKeysLastUse() {
        assertThat(actionsOf(Routes.USAGE))
                .containsExactlyInAnyOrder(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "dynamodb:GetItem",
                        "dynamodb:Query",
                        "dynamodb:UpdateItem");
        // its one update is an api key's last use
        assertThat(resourcesOf(Routes.USAGE, "dynamodb:UpdateItem"))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageKeys"));
        assertThat(queryResourcesOf(Routes.USAGE))
                .singleElement()
                .satisfies(arn -> assertThat(String.valueOf(arn)).contains("StorageUsage"));
    }

    @Test
    void theScheduledPlannersOnlyPageThroughTenantsAndSendWork() {
        for (Routes.Function planner : List.of(Routes.RETENTION_SWEEP, Routes.FINISH_IDLE_SESSIONS)) {
            assertThat(actionsOf(planner))
                    .as(planner.id())
                    .containsExactlyInAnyOrder(
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "dynamodb:Scan",
                            // the work messages; a run that failed every retry is recorded in its dead-letter queue
                            "sqs:SendMessage",
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl");
        }
    }

    @Test
    void theScheduledWorkerQueriesTheOpenIndexAndTheStartIndexesOnly() {
        List<String> queried = queryResourcesOf(Routes.SCHEDULED_WORK).stream()
                .map(String::valueOf)
                .toList();

        assertThat(queried)
                .anySatisfy(arn -> assertThat(arn).contains("/index/" + Tables.BY_OPEN))
                .allSatisfy(arn -> assertThat(arn).contains("/index/"));
    }

    @Test
    void noOtherFunctionMayQueryTheOpenIndex() {
        for (Routes.Function function : Routes.functions()) {
            if (!function.equals(Routes.SCHEDULED_WORK)) {
                assertThat(queryResourcesOf(function))
                        .as(function.id())
                        .noneSatisfy(arn -> assertThat(String.valueOf(arn)).contains("/index/" + Tables.BY_OPEN));
            }
        }
    }

    /** Every resource a function's policies allow dynamodb:Query on. */
    private List<Object> queryResourcesOf(Routes.Function function) {
        return resourcesOf(function, "dynamodb:Query");
    }

    /** Every resource a function's policies allow the action on. */
    private List<Object> resourcesOf(Routes.Function function, String action) {
        String role = target(FunctionsTest.function(template, function).get("Role"));
        List<Object> resources = new ArrayList<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.get("Roles")).stream().anyMatch(r -> target(r).equals(role))) {
                for (Object statement : list(map(policy.get("PolicyDocument")).get("Statement"))) {
                    Grant grant = new Grant(id, map(statement));
                    if (grant.actions().contains(action)) {
                        resources.addAll(grant.resources());
                    }
                }
            }
        });
        return resources;
    }

    @Test
    void noFunctionMayChangeOrDeleteTheAuditLog() {
        List<Grant> onAudit = allowStatements(template).stream()
                .filter(g ->
                        g.resources().stream().anyMatch(r -> String.valueOf(r).contains("StorageAudit")))
                .toList();

        assertThat(onAudit)
                .isNotEmpty()
                .allSatisfy(grant -> assertThat(grant.actions()).isSubsetOf("dynamodb:PutItem", "dynamodb:Query"));
    }

    @Test
    void theTeamFunctionManagesPeopleAndTouchesNoSessionOrChunk() {
        assertThat(actionsOf(Routes.TEAM))
                .containsExactlyInAnyOrder(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:Query");
        String role = target(FunctionsTest.function(template, Routes.TEAM).get("Role"));
        List<String> resources = new ArrayList<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.get("Roles")).stream().anyMatch(r -> target(r).equals(role))) {
                for (Object statement : list(map(policy.get("PolicyDocument")).get("Statement"))) {
                    new Grant(id, map(statement)).resources().forEach(r -> resources.add(String.valueOf(r)));
                }
            }
        });
        assertThat(resources)
                .isNotEmpty()
                .noneMatch(arn -> arn.contains("StorageSessions") || arn.contains("StorageChunks"));
    }

    @Test
    void listingTheChunkBucketIsLimitedToChunkKeys() {
        List<Grant> listings = allowStatements(template).stream()
                .filter(g -> g.actions().contains("s3:ListBucket"))
                .filter(g -> g.resources().stream()
                        .anyMatch(r -> r instanceof Map<?, ?> && target(r).startsWith("StorageChunks")))
                .toList();

        assertThat(listings)
                .isNotEmpty()
                .allSatisfy(grant -> assertThat(grant.statement().get("Condition"))
                        .isEqualTo(Map.of("StringLike", Map.of("s3:prefix", Storage.CHUNK_KEY_PREFIX + "*"))));
    }

    private Set<String> actionsOf(Routes.Function function) {
        return actionsOfRole(target(FunctionsTest.function(template, function).get("Role")));
    }

    private Set<String> actionsOfRole(String role) {
        Set<String> actions = new TreeSet<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.get("Roles")).stream().anyMatch(r -> target(r).equals(role))) {
                for (Object statement : list(map(policy.get("PolicyDocument")).get("Statement"))) {
                    actions.addAll(new Grant(id, map(statement)).actions());
                }
            }
        });
        return actions;
    }

    /** Every Allow statement of every identity and resource policy in the template. */
    static List<Grant> allowStatements(Template template) {
        List<Grant> grants = new ArrayList<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, p) -> collect(grants, id, p.get("PolicyDocument")));
        ofType(template, "AWS::IAM::ManagedPolicy").forEach((id, p) -> collect(grants, id, p.get("PolicyDocument")));
        ofType(template, "AWS::IAM::Role").forEach((id, role) -> {
            if (role.containsKey("Policies")) {
                list(role.get("Policies")).forEach(p -> collect(grants, id, map(p).get("PolicyDocument")));
            }
        });
        ofType(template, "AWS::S3::BucketPolicy").forEach((id, p) -> collect(grants, id, p.get("PolicyDocument")));
        ofType(template, "AWS::SNS::TopicPolicy").forEach((id, p) -> collect(grants, id, p.get("PolicyDocument")));
        ofType(template, "AWS::SQS::QueuePolicy").forEach((id, p) -> collect(grants, id, p.get("PolicyDocument")));
        return grants;
    }

    private static void collect(List<Grant> grants, String source, Object document) {
        for (Object statement : list(map(document).get("Statement"))) {
            if ("Allow".equals(map(statement).get("Effect"))) {
                grants.add(new Grant(source, map(statement)));
            }
        }
    }
}
