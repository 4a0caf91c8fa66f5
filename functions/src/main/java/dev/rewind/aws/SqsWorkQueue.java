package dev.rewind.aws;

import dev.rewind.schedule.WorkMessage;
import dev.rewind.schedule.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The scheduled jobs' work queue in SQS: SendMessageBatch, ten messages a request (SQS's most). An
 * entry SQS refused is sent once more in the next request; refused twice, the call fails
 * ({@link dev.rewind.common.StoreUnavailable}, as every adapter's failure leaves).
 */
public final class SqsWorkQueue implements WorkQueue {
    /** SendMessageBatch's most entries a request. */
    static final int BATCH = 10;
    /** The environment variable naming the queue, set by the CDK app on the functions that send to it. */
    public static final String ENV_QUEUE_URL = "WORK_QUEUE_URL";

    private final SqsClient sqs;
    private final String queueUrl;

    private SqsWorkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** The queue behind its port, its SDK failures as StoreUnavailable. */
    public static WorkQueue create(SqsClient sqs, String queueUrl) {
        return AwsStores.failuresAsUnavailable(WorkQueue.class, new SqsWorkQueue(sqs, queueUrl));
    }

    /** The queue the environment names ({@link #ENV_QUEUE_URL}). */
    public static WorkQueue fromEnvironment() {
        String url = System.getenv(ENV_QUEUE_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(ENV_QUEUE_URL + " is not set: the scheduled functions need the work queue");
        }
        return create(AwsClients.sqs(), url);
    }

    @Override
    public void send(List<WorkMessage> messages) {
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<WorkMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
            List<WorkMessage> refused = sendBatch(batch);
            if (!refused.isEmpty() && !sendBatch(refused).isEmpty()) {
                throw SdkClientException.create("SQS refused " + refused.size() + " work messages twice");
            }
        }
    }

    /** @return the messages SQS refused */
    private List<WorkMessage> sendBatch(List<WorkMessage> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(batch.get(i).toJson())
                    .build());
        }
        SendMessageBatchResponse response =
                sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        return response.failed().stream()
                .map(BatchResultErrorEntry::id)
                .map(Integer::parseInt)
                .map(batch::get)
                .collect(Collectors.toList());
    }
}
