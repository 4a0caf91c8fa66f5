package dev.rewind.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.rewind.Rewind;
import dev.rewind.common.Log;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.schedule.WorkQueue;
import dev.rewind.schedule.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out's worker (SQS event source, docs/SCALE.md, "Fan-out"): each message of the batch in turn,
 * each given an equal share of the invocation's time left. A message whose tenant had a session fail,
 * whose store call failed or that is no work message is a batch item failure: SQS delivers it again
 * after its visibility timeout and, after the queue's most receives, moves it to the dead-letter queue.
 */
public final class ScheduledWorkHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Kept back from the Lambda timeout to finish the sessions in flight and answer. */
    static final Duration RESERVE = Duration.ofSeconds(20);

    private final Worker worker;

    /** Lambda's: the process's shared wiring and the work queue the environment names. */
    public ScheduledWorkHandler() {
        this(Lambdas.shared(), Lambdas.workQueue());
    }

    public ScheduledWorkHandler(Rewind rewind, WorkQueue queue) {
        this(rewind.worker(queue));
    }

    public ScheduledWorkHandler(Worker worker) {
        this.worker = worker;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            Duration budget = context == null
                    ? ScheduledHandler.UNLIMITED
                    : ScheduledHandler.budget(Duration.ofMillis(context.getRemainingTimeInMillis()), RESERVE)
                            .dividedBy(records.size() - i);
            if (!handle(record, budget)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(record.getMessageId())
                        .build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** @return false when the message should be delivered again */
    private boolean handle(SQSEvent.SQSMessage record, Duration budget) {
        try {
            return worker.handle(WorkMessage.fromJson(record.getBody()), budget) != Worker.Outcome.FAILED;
        } catch (IllegalArgumentException bad) {
            // never handled, however often delivered: it ends in the dead-letter queue, where it can be read
            Log.warn("schedule_message_refused", "messageId", record.getMessageId(), "error", Log.failure(bad));
            return false;
        } catch (RuntimeException e) {
            Log.warn("schedule_message_failed", "messageId", record.getMessageId(), "error", Log.failure(e));
            return false;
        }
    }
}
