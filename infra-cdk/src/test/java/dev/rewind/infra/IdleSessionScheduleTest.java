package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.http.Routes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class IdleSessionScheduleTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void theFinisherRunsEveryTenMinutes() {
        Map<String, Object> rule = RetentionTest.scheduleOf(template, Routes.FINISH_IDLE_SESSIONS);

        assertThat(rule).containsEntry("ScheduleExpression", "rate(10 minutes)").containsEntry("State", "ENABLED");
    }

    @Test
    void aRunThatCouldNotBeDeliveredBeforeTheNextIsDropped() {
        Map<String, Object> target = map(list(RetentionTest.scheduleOf(template, Routes.FINISH_IDLE_SESSIONS)
                        .get("Targets"))
                .get(0));

        assertThat(map(target.get("RetryPolicy"))).containsEntry("MaximumEventAgeInSeconds", 600);
    }

    @Test
    void eachScheduledFunctionHasOneRuleAndThereAreNoOthers() {
        template.resourceCountIs("AWS::Events::Rule", 2);
    }
}
