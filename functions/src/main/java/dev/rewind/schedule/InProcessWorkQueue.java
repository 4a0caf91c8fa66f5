package dev.rewind.schedule;

import dev.rewind.common.Log;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A work queue that runs each message in this process, one at a time on a thread of its own: where no
 * queue is configured (the local runner, {@code make dev}), so a re-score started from the console runs
 * there as the deployed worker would run it (docs/FRUSTRATION.md, "Re-score history"). A failed message is
 * run again up to {@link #ATTEMPTS} times, as SQS would deliver it again, then dropped with a log line.
 */
public final class InProcessWorkQueue implements WorkQueue {
    static final int ATTEMPTS = 3;
    private static final Duration BUDGET = Duration.ofMinutes(1);

    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "in-process-work");
        thread.setDaemon(true);
        return thread;
    });
    private final Worker worker;

    /** @param workerOn the worker on this queue (its continuations come back here) */
    public InProcessWorkQueue(Function<WorkQueue, Worker> workerOn) {
        this.worker = workerOn.apply(this);
    }

    @Override
    public void send(List<WorkMessage> messages) {
        for (WorkMessage message : messages) {
            runner.submit(() -> run(message));
        }
    }

    private void run(WorkMessage message) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (worker.handle(message, BUDGET) != Worker.Outcome.FAILED) {
                    return;
                }
            } catch (RuntimeException e) {
                Log.warn("schedule_message_failed", "job", message.job().id, "error", Log.failure(e));
            }
        }
        Log.warn("schedule_message_dropped", "job", message.job().id, "tenantId", message.tenantId());
    }
}
