package dev.rewind.schedule;

import java.util.List;

/**
 * The queue the fan-out's messages go on (SQS in AWS, aws/SqsWorkQueue; in memory in tests): the
 * planner's per-tenant messages and its own continuation, the workers' continuations.
 */
public interface WorkQueue {
    /**
     * Sends every message (the adapter batches them as the queue allows), or throws
     * {@link dev.rewind.common.StoreUnavailable}: some may have been sent then, which is harmless, as
     * a message delivered twice is.
     */
    void send(List<WorkMessage> messages);
}
