package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.resources;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.http.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class RetentionTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void theSweepRunsHourlyOnTheRetentionSweepFunction() throws Exception {
        Map<String, Object> rule = scheduleOf(template, Routes.RETENTION_SWEEP);

        assertThat(rule).containsEntry("ScheduleExpression", "rate(1 hour)").containsEntry("State", "ENABLED");
    }

    @Test
    void theExpiryConsumerReadsOnlyTtlDeletionsFromTheSessionsStream() throws Exception {
        Map<String, Object> mapping = Stacks.streamMapping(template);

        assertThat(target(mapping.get("EventSourceArn"))).startsWith("StorageSessions");
        assertThat(list(map(mapping.get("EventSourceArn")).get("Fn::GetAtt")).get(1))
                .isEqualTo("StreamArn");
        JsonNode pattern = new ObjectMapper().readTree((String)
                map(list(map(mapping.get("FilterCriteria")).get("Filters")).get(0))
                        .get("Pattern"));
        assertThat(pattern.path("eventName").toString()).isEqualTo("[\"REMOVE\"]");
        assertThat(pattern.path("userIdentity").path("type").toString()).isEqualTo("[\"Service\"]");
        assertThat(pattern.path("userIdentity").path("principalId").toString())
                .isEqualTo("[\"dynamodb.amazonaws.com\"]");
    }

    @Test
    void theExpiryConsumerRetriesFromTheRecordItFailedOn() {
        Map<String, Object> mapping = Stacks.streamMapping(template);

        assertThat(mapping)
                .containsEntry("FunctionResponseTypes", java.util.List.of("ReportBatchItemFailures"))
                .containsEntry("StartingPosition", "LATEST");
    }

    @Test
    void theExpiryConsumerIsCreatedAfterItsRoleMayReadTheStream() {
        Map<String, Object> mapping = resources(template).values().stream()
                .filter(r -> "AWS::Lambda::EventSourceMapping".equals(r.get("Type")))
                .filter(r -> map(r.get("Properties")).containsKey("StartingPosition"))
                .findFirst()
                .orElseThrow();

        assertThat(list(mapping.get("DependsOn")))
                .anySatisfy(d -> assertThat((String) d).startsWith("SessionExpiryRoleDefaultPolicy"));
    }

    /** The one schedule rule whose only target is the function's alias. */
    static Map<String, Object> scheduleOf(Template template, Routes.Function function) {
        List<Map<String, Object>> rules = ofType(template, "AWS::Events::Rule").values().stream()
                .filter(rule -> list(rule.get("Targets")).size() == 1)
                .filter(rule -> handlerBehindAlias(
                                template,
                                target(map(list(rule.get("Targets")).get(0)).get("Arn")))
                        .equals(RewindFunction.handler(function)))
                .toList();
        assertThat(rules).as("schedules of " + function.id()).hasSize(1);
        return rules.get(0);
    }

    /** The rule targets the alias ARN; the alias names the function. */
    private static String handlerBehindAlias(Template template, String aliasId) {
        Map<String, Object> alias = map(resources(template).get(aliasId).get("Properties"));
        return (String)
                map(resources(template).get(target(alias.get("FunctionName"))).get("Properties"))
                        .get("Handler");
    }
}
