package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.schedule.WorkQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The work queue in memory, for tests about logic (CONTRIBUTING.md, "Test tiers"), delivering as SQS and
 * Lambda's event source do: a batch of messages a {@link ScheduledWorkHandler} invocation, a message the
 * handler names as a batch item failure delivered again, and after {@code maxReceives} receives moved to
 * the dead-letter list. It keeps every message ever sent, for tests that count them.
 */
public final class InMemoryWorkQueue implements WorkQueue {
    private record Waiting(String messageId, WorkMessage message, int receives) {}

    private final int maxReceives;
    private final Deque<Waiting> visible = new ArrayDeque<>();
    private final List<WorkMessage> sent = new ArrayList<>();
    private final List<WorkMessage> deadLetters = new ArrayList<>();
    private int nextId;

    /** @param maxReceives the redrive policy's maxReceiveCount */
    public InMemoryWorkQueue(int maxReceives) {
        this.maxReceives = maxReceives;
    }

    @Override
    public synchronized void send(List<WorkMessage> messages) {
        for (WorkMessage message : messages) {
            sent.add(message);
            visible.add(new Waiting("m" + nextId++, message, 0));
        }
    }

    /** Every message sent so far, in order. */
    public synchronized List<WorkMessage> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<WorkMessage> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /**
     * Invokes {@code handler} with batches of up to {@code batchSize} messages until none is left, each
     * invocation with {@code context}; returns how many invocations there were.
     */
    public int drain(ScheduledWorkHandler handler, Context context, int batchSize) {
        int invocations = 0;
        while (true) {
            List<Waiting> batch = receive(batchSize);
            if (batch.isEmpty()) {
                return invocations;
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(batch.stream().map(InMemoryWorkQueue::record).toList());
            SQSBatchResponse response = handler.handleRequest(event, context);
            invocations++;
            Set<String> failed = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
            batch.stream()
                    .filter(waiting -> failed.contains(waiting.messageId()))
                    .forEach(this::release);
        }
    }

    private synchronized List<Waiting> receive(int max) {
        List<Waiting> batch = new ArrayList<>();
        while (batch.size() < max && !visible.isEmpty()) {
            Waiting next = visible.poll();
            batch.add(new Waiting(next.messageId(), next.message(), next.receives() + 1));
        }
        return batch;
    }

    /** Its visibility timeout passed without a delete: visible again, or dead-lettered after its last receive. */
    private synchronized void release(Waiting waiting) {
        if (waiting.receives() >= maxReceives) {
            deadLetters.add(waiting.message());
        } else {
            visible.add(waiting);
        }
    }

    private static SQSEvent.SQSMessage record(Waiting waiting) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(waiting.messageId());
        record.setBody(waiting.message().toJson());
        Map<String, String> attributes = new HashMap<>();
        attributes.put("ApproximateReceiveCount", Integer.toString(waiting.receives()));
        record.setAttributes(attributes);
        record.setEventSource("aws:sqs");
        return record;
    }
}
