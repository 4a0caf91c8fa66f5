package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.rewind.lambda.ScheduledWorkHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The work queue in the emulator's SQS, and Lambda's SQS event source played in-process: several
 * pollers (the mapping's concurrency), each receiving a batch, handing it to {@link ScheduledWorkHandler}
 * as the real {@link SQSEvent}, deleting what succeeded and making each batch item failure visible again
 * at once (its visibility timeout cut short), until the queue holds nothing, visible or in flight.
 */
public final class SqsQueues {
    /** A queue and its dead-letter queue. */
    public record Queue(String url, String deadLettersUrl) {}

    /** How often an idle poller looks again while others hold messages in flight. */
    private static final long POLL_MILLIS = 20;

    private SqsQueues() {}

    /** A fresh queue whose messages go to a fresh dead-letter queue after {@code maxReceives} receives. */
    public static Queue create(SqsClient sqs, String name, int maxReceives) {
        String deadLetters =
                sqs.createQueue(r -> r.queueName(name + "-dead-letters")).queueUrl();
        String deadLettersArn = sqs.getQueueAttributes(
                        r -> r.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(r -> r.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "120",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + deadLettersArn + "\",\"maxReceiveCount\":\""
                                        + maxReceives + "\"}")))
                .queueUrl();
        return new Queue(url, deadLetters);
    }

    /** What drained: handler invocations, messages handled, batch item failures. */
    public record Drained(int invocations, int messages, int failures) {}

    /** Drains {@code queue} with {@code pollers} threads, batches of up to {@code batchSize}, each invocation with {@code context}. */
    public static Drained drain(
            SqsClient sqs, Queue queue, ScheduledWorkHandler handler, Context context, int pollers, int batchSize) {
        return drain(sqs, queue, handler, context, pollers, batchSize, () -> false);
    }

    /**
     * Drains {@code queue} as above while something else still fills it: an empty queue ends the drain only
     * once {@code filling} says no more is coming (a planner that is still sending, as in production, where
     * the event source polls while the planner runs).
     */
    public static Drained drain(
            SqsClient sqs,
            Queue queue,
            ScheduledWorkHandler handler,
            Context context,
            int pollers,
            int batchSize,
            BooleanSupplier filling) {
        AtomicInteger invocations = new AtomicInteger();
        AtomicInteger messages = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(pollers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < pollers; i++) {
                running.add(pool.submit(() -> {
                    while (true) {
                        try {
                            if (!pollOnce(
                                    sqs,
                                    queue,
                                    handler,
                                    context,
                                    batchSize,
                                    filling,
                                    invocations,
                                    messages,
                                    failures)) {
                                return null;
                            }
                        } catch (SdkException busy) {
                            // the emulator too busy to answer in time: a message not deleted comes back, which is
                            // harmless
                        }
                    }
                }));
            }
            for (Future<?> poller : running) {
                poller.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("draining the work queue failed", e);
        } finally {
            pool.shutdownNow();
        }
        return new Drained(invocations.get(), messages.get(), failures.get());
    }

    /** One receive and its batch handled; false when the queue holds nothing, visible or in flight. */
    private static boolean pollOnce(
            SqsClient sqs,
            Queue queue,
            ScheduledWorkHandler handler,
            Context context,
            int batchSize,
            BooleanSupplier filling,
            AtomicInteger invocations,
            AtomicInteger messages,
            AtomicInteger failures)
            throws InterruptedException {
        List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue.url())
                        .maxNumberOfMessages(batchSize)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
        if (batch.isEmpty()) {
            boolean stillFilling = filling.getAsBoolean();
            if (!stillFilling && isEmpty(sqs, queue.url())) {
                return false;
            }
            // others hold messages in flight, whose continuations may follow, or the queue is still being filled:
            // poll again shortly
            Thread.sleep(POLL_MILLIS);
            return true;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream().map(SqsQueues::record).toList());
        SQSBatchResponse response = handler.handleRequest(event, context);
        invocations.incrementAndGet();
        messages.addAndGet(batch.size());
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        failures.addAndGet(failed.size());
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (failed.contains(message.messageId())) {
                sqs.changeMessageVisibility(r -> r.queueUrl(queue.url())
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(message.messageId())
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        // as the event source does: what succeeded is deleted in one request
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(done));
        }
        return true;
    }

    /** The bodies of every message in the queue (its dead letters, say), received and left in flight. */
    public static List<String> bodies(SqsClient sqs, String url) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(
                            r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60))
                    .messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            batch.forEach(message -> bodies.add(message.body()));
        }
    }

    private static boolean isEmpty(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The record as Lambda's event source hands it over. */
    private static SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        record.setEventSource("aws:sqs");
        return record;
    }
}
