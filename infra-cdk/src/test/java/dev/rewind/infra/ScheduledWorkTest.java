package dev.rewind.infra;

import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.http.Routes;
import dev.rewind.storage.Tables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The scheduled jobs' fan-out (docs/SCALE.md, "Fan-out") and the sessions table's launch throughput, in the template. */
class ScheduledWorkTest {
    private final RewindStack stack = Stacks.deployed();
    private final Template template = Stacks.deployedTemplate();

    @Test
    void theWorkQueueDeadLettersAMessageAfterItsLastDeliveryAndOutlastsABatchInFlight() {
        String deadLetters =
                stack.resolve(stack.scheduledWork().deadLetters().getQueueArn()).toString();
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "VisibilityTimeout",
                        6 * Routes.SCHEDULED_WORK.timeoutSeconds(),
                        "SqsManagedSseEnabled",
                        true,
                        "RedrivePolicy",
                        Map.of(
                                "maxReceiveCount",
                                ScheduledWork.MAX_RECEIVES,
                                "deadLetterTargetArn",
                                Match.anyValue())));
        assertThat(deadLetters).isNotBlank();
    }

    @Test
    void theWorkerReadsTheQueueInSmallBatchesAtABoundedConcurrencyNamingItsFailures() {
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of(
                        "BatchSize", ScheduledWork.BATCH_SIZE,
                        "ScalingConfig", Map.of("MaximumConcurrency", ScheduledWork.DEFAULT_CONCURRENCY),
                        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                        "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WorkQueue.*"), "Arn"))));
    }

    @Test
    void theConcurrencyIsSetByCdkContextAndANonsenseValueStopsTheSynth() {
        App app = App.Builder.create()
                .context(Map.of(ScheduledWork.CONTEXT_CONCURRENCY, "40"))
                .build();
        Template configured = Template.fromStack(RewindApp.deploy(
                app, Stacks.REGION, Stacks.builtSettings("concurrency", Optional.empty(), false, false)));
        configured.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping", Map.of("ScalingConfig", Map.of("MaximumConcurrency", 40)));

        App wrong = App.Builder.create()
                .context(Map.of(ScheduledWork.CONTEXT_CONCURRENCY, "5000"))
                .build();
        assertThatThrownBy(() -> RewindApp.deploy(
                        wrong, Stacks.REGION, Stacks.builtSettings("wrong", Optional.empty(), false, false)))
                .hasMessageContaining(ScheduledWork.CONTEXT_CONCURRENCY);
    }

    @Test
    void thePlannersAndTheWorkerKnowTheQueueAndMaySendToIt() {
        for (Routes.Function function :
                List.of(Routes.RETENTION_SWEEP, Routes.FINISH_IDLE_SESSIONS, Routes.SCHEDULED_WORK)) {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "Handler", RewindFunction.handler(function),
                            "Environment",
                                    Map.of(
                                            "Variables",
                                            Match.objectLike(Map.of(SqsWorkQueue.ENV_QUEUE_URL, Match.anyValue())))));
        }
        assertThat(Routes.RETENTION_SWEEP.handlerClass()).isEqualTo("dev.rewind.lambda.PlanRetentionSweepHandler");
        assertThat(Routes.FINISH_IDLE_SESSIONS.handlerClass()).isEqualTo("dev.rewind.lambda.PlanIdleSessionsHandler");
    }

    @Test
    void theWorkQueuesDeadLettersAreAlarmedOnTheirFirstMessage() {
        String deadLetters = Stacks.resources(template).entrySet().stream()
                .filter(e -> e.getKey().startsWith("WorkQueueDeadLetters"))
                .filter(e -> "AWS::SQS::Queue".equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        assertThat(ofType(template, "AWS::CloudWatch::Alarm").values())
                .anySatisfy(alarm ->
                        assertThat(String.valueOf(alarm.get("Dimensions"))).contains(deadLetters));
    }

    @Test
    void theSessionsTableIsWarmedForLaunchAndTheOthersKeepTheDefaults() {
        Map<String, Map<String, Object>> tables = ofType(template, "AWS::DynamoDB::Table");
        List<Map<String, Object>> warmed = tables.values().stream()
                .filter(t -> t.containsKey("WarmThroughput"))
                .toList();
        assertThat(warmed).hasSize(1);
        assertThat(map(warmed.get(0).get("WarmThroughput")))
                .isEqualTo(Map.of("WriteUnitsPerSecond", 12_000, "ReadUnitsPerSecond", 24_000));
        assertThat(map(warmed.get(0).get("KeySchema") instanceof List<?> keys ? keys.get(0) : Map.of()))
                .containsEntry("AttributeName", Tables.SESSIONS.partitionKey().name());
        assertThat(warmed.get(0)).containsKey("StreamSpecification");
    }
}
