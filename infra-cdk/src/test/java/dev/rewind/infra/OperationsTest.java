package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.http.Routes;
import dev.rewind.storage.Tables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class OperationsTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void ingest5xxRateIsAlarmedOnTheIngestRouteAlone() {
        Map<String, Object> alarm = alarm("Ingest5xxRate");
        List<Map<String, Object>> metrics =
                list(alarm.get("Metrics")).stream().map(Stacks::map).toList();

        assertThat(alarm)
                .containsEntry("Threshold", Operations.INGEST_5XX_PERCENT)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat(metrics)
                .anySatisfy(m -> assertThat((String) m.get("Expression")).contains("100 * errors / requests"));
        assertThat(metrics)
                .filteredOn(m -> m.containsKey("MetricStat"))
                .hasSize(2)
                .allSatisfy(m -> {
                    Map<String, Object> metric = map(map(m.get("MetricStat")).get("Metric"));
                    assertThat(metric.get("Namespace")).isEqualTo("AWS/ApiGateway");
                    assertThat(list(metric.get("Dimensions")))
                            .contains(
                                    Map.of("Name", "Resource", "Value", "/v1/ingest"),
                                    Map.of("Name", "Method", "Value", "POST"),
                                    Map.of("Name", "Stage", "Value", "$default"));
                });
    }

    @Test
    void everyFunctionHasErrorAndThrottleAlarms() {
        for (Routes.Function function : Routes.functions()) {
            assertThat(alarm(function.id() + "Errors"))
                    .containsEntry("MetricName", "Errors")
                    .containsEntry("Namespace", "AWS/Lambda");
            assertThat(alarm(function.id() + "Throttles")).containsEntry("MetricName", "Throttles");
        }
    }

    @Test
    void everyTableHasAThrottleAlarmCoveringItsIndexes() {
        for (var table : Tables.ALL) {
            Map<String, Object> alarm = alarm(table.id() + "TableThrottles");
            long metrics = list(alarm.get("Metrics")).stream()
                    .filter(m -> map(m).containsKey("MetricStat"))
                    .count();

            assertThat(metrics).as(table.id()).isEqualTo(2 + table.indexes().size());
        }
    }

    @Test
    void runawayIngestConcurrencyAndExpiryLagAreAlarmed() {
        assertThat(alarm("IngestConcurrency"))
                .containsEntry("MetricName", "ConcurrentExecutions")
                .containsEntry("Threshold", Operations.INGEST_CONCURRENCY);
        assertThat(alarm("SessionExpiryLag")).containsEntry("MetricName", "IteratorAge");
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopic() {
        Map<String, Map<String, Object>> alarms = ofType(template, "AWS::CloudWatch::Alarm");

        assertThat(alarms)
                .isNotEmpty()
                .allSatisfy((id, alarm) -> assertThat(
                                target(list(alarm.get("AlarmActions")).get(0)))
                        .as(id)
                        .startsWith("OperationsAlarms"));
        template.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", Stacks.ALARM_EMAIL));
    }

    @Test
    void oneDashboardShowsTheApiTheFunctionsTheTablesAndTheAlarms() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Map<String, Object> dashboard = ofType(template, "AWS::CloudWatch::Dashboard")
                .values()
                .iterator()
                .next();
        String body = String.valueOf(dashboard.get("DashboardBody"));

        assertThat(body).contains("AWS/ApiGateway", "AWS/Lambda", "AWS/DynamoDB", "Alarms");
    }

    @Test
    void theStackOutputsOnePublicOriginForTheSnippetAndTheConsole() {
        Map<String, Object> cloudFrontOrigin = Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                "https://",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ConsoleCdn.*"), "DomainName")))));

        template.hasOutput("ApiUrl", Map.of("Value", cloudFrontOrigin));
        template.hasOutput("ConsoleUrl", Map.of("Value", cloudFrontOrigin));
        template.hasOutput(
                "DistributionDomainName",
                Map.of("Value", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ConsoleCdn.*"), "DomainName"))));
        Stacks.customDomainTemplate().hasOutput("ApiUrl", Map.of("Value", "https://" + Stacks.DOMAIN_NAME));
    }

    private Map<String, Object> alarm(String id) {
        return ofType(template, "AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(e -> e.getKey().startsWith("Operations" + id))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + id));
    }
}
