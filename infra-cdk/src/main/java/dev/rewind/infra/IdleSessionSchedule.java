package dev.rewind.infra;

import dev.rewind.http.Routes;
import dev.rewind.ingest.IdleSessions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The end of sessions whose recorder never said goodbye (docs/FRUSTRATION.md, "End of a session"): an
 * EventBridge rule runs the idle-session finisher every {@link IdleSessions#INTERVAL}.
 */
public final class IdleSessionSchedule extends Construct {
    public static final Duration RUN_EVERY = Duration.minutes(IdleSessions.INTERVAL.toMinutes());
    public static final int RETRIES = 2;

    private final Rule schedule;
    private final Queue deadLetters;

    public IdleSessionSchedule(Construct scope, String id, RewindFunction finisher) {
        super(scope, id);
        if (!finisher.definition().equals(Routes.FINISH_IDLE_SESSIONS)) {
            throw new IllegalArgumentException("Expected " + Routes.FINISH_IDLE_SESSIONS.id() + ", got "
                    + finisher.definition().id());
        }
        this.deadLetters = DeadLetterQueue.create(this, "DeadLetters");
        this.schedule = Rule.Builder.create(this, "Run")
                .description(
                        "Finishes sessions that have had no chunk for " + IdleSessions.IDLE.toMinutes() + " minutes")
                .schedule(Schedule.rate(RUN_EVERY))
                .targets(List.of(LambdaFunction.Builder.create(finisher.alias())
                        .retryAttempts(RETRIES)
                        // a run older than the next one is no longer needed
                        .maxEventAge(RUN_EVERY)
                        .deadLetterQueue(deadLetters)
                        .build()))
                .build();
        // a run that fails inside Lambda (asynchronous invocation) is retried there, then recorded
        finisher.alias()
                .configureAsyncInvoke(EventInvokeConfigOptions.builder()
                        .retryAttempts(RETRIES)
                        .maxEventAge(RUN_EVERY)
                        .onFailure(new SqsDestination(deadLetters))
                        .build());
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Rule schedule() {
        return schedule;
    }
}
