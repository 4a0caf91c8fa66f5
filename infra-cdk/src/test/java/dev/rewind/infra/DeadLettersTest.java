package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.resources;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.http.Routes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Nothing fails silently: every asynchronous path ends in a dead-letter queue with an alarm on it. */
class DeadLettersTest {
    /** DynamoDB keeps a stream record this long; the dead-letter message names it, it does not hold it. */
    private static final int STREAM_RETENTION_SECONDS = 24 * 3600;

    private final Template template = Stacks.deployedTemplate();

    @Test
    void theExpiryStreamMappingSendsWhatItGivesUpOnToAQueue() {
        Map<String, Object> mapping = Stacks.streamMapping(template);
        String queue = target(
                map(map(mapping.get("DestinationConfig")).get("OnFailure")).get("Destination"));

        assertThat(resources(template).get(queue).get("Type")).isEqualTo("AWS::SQS::Queue");
        assertThat(mapping)
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsEntry("MaximumRetryAttempts", Retention.EXPIRY_RETRIES);
        // gives up while the stream still holds the record, so the redrive can read it (docs/DEPLOY.md)
        assertThat((int) mapping.get("MaximumRecordAgeInSeconds")).isLessThanOrEqualTo(STREAM_RETENTION_SECONDS / 2);
    }

    @Test
    void everyScheduledTargetHasADeadLetterQueueForRunsEventBridgeCouldNotDeliver() {
        for (Routes.Function function : List.of(Routes.RETENTION_SWEEP, Routes.FINISH_IDLE_SESSIONS)) {
            Map<String, Object> target =
                    map(list(RetentionTest.scheduleOf(template, function).get("Targets"))
                            .get(0));
            String queue = target(map(target.get("DeadLetterConfig")).get("Arn"));

            assertThat(resources(template).get(queue).get("Type"))
                    .as(function.id())
                    .isEqualTo("AWS::SQS::Queue");
            assertThat(map(target.get("RetryPolicy"))).as(function.id()).containsEntry("MaximumRetryAttempts", 2);
        }
    }

    @Test
    void everyScheduledFunctionRecordsRunsThatFailedEveryRetryInTheSameQueue() {
        Map<String, Map<String, Object>> configs = ofType(template, "AWS::Lambda::EventInvokeConfig");

        for (Routes.Function function : List.of(Routes.RETENTION_SWEEP, Routes.FINISH_IDLE_SESSIONS)) {
            String ruleQueue = target(
                    map(map(list(RetentionTest.scheduleOf(template, function).get("Targets"))
                                            .get(0))
                                    .get("DeadLetterConfig"))
                            .get("Arn"));
            Map<String, Object> config = configs.values().stream()
                    .filter(c -> target(c.get("FunctionName")).equals(functionId(function)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no async config for " + function.id()));

            assertThat(target(map(map(config.get("DestinationConfig")).get("OnFailure"))
                            .get("Destination")))
                    .as(function.id())
                    .isEqualTo(ruleQueue);
            assertThat(config).containsEntry("MaximumRetryAttempts", 2);
        }
    }

    @Test
    void everyQueueIsEncryptedKeptTwoWeeksAndTlsOnly() {
        Map<String, Map<String, Object>> queues = Stacks.deadLetterQueues(template);

        assertThat(queues)
                .hasSize(4)
                .allSatisfy((id, queue) -> assertThat(queue)
                        .as(id)
                        .containsEntry("SqsManagedSseEnabled", true)
                        .containsEntry("MessageRetentionPeriod", 14 * 24 * 3600));
        Set<String> tlsOnly = new TreeSet<>();
        ofType(template, "AWS::SQS::QueuePolicy").values().forEach(policy -> {
            boolean deniesPlainText = list(map(policy.get("PolicyDocument")).get("Statement")).stream()
                    .map(Stacks::map)
                    .anyMatch(s -> "Deny".equals(s.get("Effect"))
                            && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                                    .equals(s.get("Condition")));
            if (deniesPlainText) {
                list(policy.get("Queues")).forEach(q -> tlsOnly.add(target(q)));
            }
        });
        // the work queue too
        assertThat(tlsOnly)
                .containsExactlyInAnyOrderElementsOf(
                        ofType(template, "AWS::SQS::Queue").keySet());
    }

    @Test
    void everyQueueHasAnAlarmOnItsFirstMessageIntoTheAlarmTopic() {
        Map<String, Map<String, Object>> alarms = ofType(template, "AWS::CloudWatch::Alarm");

        for (String queue : Stacks.deadLetterQueues(template).keySet()) {
            Map<String, Object> alarm = alarms.values().stream()
                    .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName")))
                    .filter(a -> list(a.get("Dimensions")).stream()
                            .anyMatch(d -> "QueueName".equals(map(d).get("Name"))
                                    && queue.equals(target(map(d).get("Value")))))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no alarm on " + queue));

            assertThat(alarm)
                    .as(queue)
                    .containsEntry("Namespace", "AWS/SQS")
                    .containsEntry("Threshold", 1)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("Statistic", "Maximum");
            assertThat(target(list(alarm.get("AlarmActions")).get(0))).startsWith("OperationsAlarms");
        }
    }

    private String functionId(Routes.Function function) {
        return ofType(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e ->
                        RewindFunction.handler(function).equals(e.getValue().get("Handler")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }
}
