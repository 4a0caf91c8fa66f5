package dev.rewind.infra;

import dev.rewind.http.Routes;
import dev.rewind.storage.Tables;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

class LeastPrivilegeTest {
    /** Actions IAM cannot scope to a resource: the only ones allowed on "*". */
    private static final Set<String> ACCOUNT_LEVEL_ACTIONS = Set.of("dynamodb:ListStreams");

    private final Template template = Stacks.deployedTemplate();

    /** One Allow statement of any policy in the template, with where it came from. */
    record Grant(String source, Map<String, Object> statement) {
        List<String> actions() {
            return list(statement.get("Action")).stream().map(String.class::cast).toList();
        }

        List<Object> resources() {
            return list(statement.get("Resource"));
        }
    }

    @Test
    void noPolicyAllowsAWildcardAction() {
        List<Grant> grants = allowStatements(template);

        assertThat(grants).isNotEmpty().allSatisfy(grant -> {
            assertThat(grant.statement()).as(grant.source()).doesNotContainKey("NotAction");
            assertThat(grant.actions()).as(grant.source()).allSatisfy(action -> assertThat(action).doesNotContain("*"));
        });
    }

    @Test
    void noPolicyAllowsAnyResourceWhereOneCanBeNamed() {
        assertThat(allowStatements(template)).allSatisfy(grant -> {
            assertThat(grant.statement()).as(grant.source()).doesNotContainKey("NotResource");
            if (grant.resources().contains("*")) {
                assertThat(grant.actions()).as(grant.source() + " on *").allSatisfy(action ->
                        assertThat(ACCOUNT_LEVEL_ACTIONS).contains(action));
            }
        });
    }

    @Test
    void noRoleCarriesAManagedPolicy() {
        // AWS's managed Lambda policies allow logs on every log group: each role names its own instead
        assertThat(ofType(template, "AWS::IAM::Role")).allSatisfy((id, role) ->
                assertThat(role).as(id).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void everyFunctionHasARoleOfItsOwn() {
        List<String> roles = Routes.functions().stream()
                .map(f -> target(FunctionsTest.function(template, f).get("Role"))).toList();

        assertThat(new TreeSet<>(roles)).hasSize(Routes.functions().size());
    }

    @Test
    void onlyTheFunctionsThatDeleteSessionsMayDeleteChunks() {
        List<String> deleters = new ArrayList<>();
        for (Routes.Function function : Routes.functions()) {
            if (actionsOf(function).contains("s3:DeleteObject")) {
                deleters.add(function.id());
            }
        }

        assertThat(deleters).containsExactlyInAnyOrder(
                Routes.SESSIONS.id(), Routes.RETENTION_SWEEP.id(), Routes.SESSION_EXPIRY.id());
    }

    @Test
    void signupCanOnlyCreateTenantsAndKeys() {
        assertThat(actionsOf(Routes.SIGNUP)).containsExactlyInAnyOrder(
                "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:PutItem");
    }

    @Test
    void ingestCanReadKeysAndTenantsAndWriteChunksAndSessionsOnly() {
        assertThat(actionsOf(Routes.INGEST)).containsExactlyInAnyOrder(
                "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:PutItem",
                "s3:PutObject", "s3:GetObject");
    }

    @Test
    void theIdleSessionFinisherReadsTenantsAndRewritesSessionsButDeletesNothing() {
        assertThat(actionsOf(Routes.FINISH_IDLE_SESSIONS)).containsExactlyInAnyOrder(
                "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:BatchGetItem", "s3:GetObject");
    }

    @Test
    void theIdleSessionFinisherQueriesOnlyTheOpenIndex() {
        List<Object> queried = queryResourcesOf(Routes.FINISH_IDLE_SESSIONS);

        assertThat(queried).singleElement().satisfies(arn -> assertThat(String.valueOf(arn)).contains("/index/" + Tables.BY_OPEN));
    }

    @Test
    void noOtherFunctionMayQueryTheOpenIndex() {
        for (Routes.Function function : Routes.functions()) {
            if (!function.equals(Routes.FINISH_IDLE_SESSIONS)) {
                assertThat(queryResourcesOf(function)).as(function.id())
                        .noneSatisfy(arn -> assertThat(String.valueOf(arn)).contains("/index/" + Tables.BY_OPEN));
            }
        }
    }

    /** Every resource a function's policies allow dynamodb:Query on. */
    private List<Object> queryResourcesOf(Routes.Function function) {
        String role = target(FunctionsTest.function(template, function).get("Role"));
        List<Object> resources = new ArrayList<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.get("Roles")).stream().anyMatch(r -> target(r).equals(role))) {
                for (Object statement : list(map(policy.get("PolicyDocument")).get("Statement"))) {
                    Grant grant = new Grant(id, map(statement));
                    if (grant.actions().contains("dynamodb:Query")) {
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
                .filter(g -> g.resources().stream().anyMatch(r -> String.valueOf(r).contains("StorageAudit")))
                .toList();

        assertThat(onAudit).isNotEmpty().allSatisfy(grant -> assertThat(grant.actions())
                .isSubsetOf("dynamodb:PutItem", "dynamodb:Query"));
    }

    @Test
    void theTeamFunctionManagesPeopleAndTouchesNoSessionOrChunk() {
        assertThat(actionsOf(Routes.TEAM)).containsExactlyInAnyOrder(
                "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:Query");
        String role = target(FunctionsTest.function(template, Routes.TEAM).get("Role"));
        List<String> resources = new ArrayList<>();
        ofType(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.get("Roles")).stream().anyMatch(r -> target(r).equals(role))) {
                for (Object statement : list(map(policy.get("PolicyDocument")).get("Statement"))) {
                    new Grant(id, map(statement)).resources().forEach(r -> resources.add(String.valueOf(r)));
                }
            }
        });
        assertThat(resources).isNotEmpty().noneMatch(arn -> arn.contains("StorageSessions") || arn.contains("StorageChunks"));
    }

    @Test
    void listingTheChunkBucketIsLimitedToChunkKeys() {
        List<Grant> listings = allowStatements(template).stream()
                .filter(g -> g.actions().contains("s3:ListBucket"))
                .filter(g -> g.resources().stream().anyMatch(r -> r instanceof Map<?, ?> && target(r).startsWith("StorageChunks")))
                .toList();

        assertThat(listings).isNotEmpty().allSatisfy(grant -> assertThat(grant.statement().get("Condition"))
                .isEqualTo(Map.of("StringLike", Map.of("s3:prefix", Storage.CHUNK_KEY_PREFIX + "*"))));
    }

    private Set<String> actionsOf(Routes.Function function) {
        String role = target(FunctionsTest.function(template, function).get("Role"));
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
