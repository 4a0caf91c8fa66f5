package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.aws.AwsClients;
import dev.rewind.aws.S3ChunkStore;
import dev.rewind.common.RewindConfig;
import dev.rewind.testing.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What erasing a session's chunks asks of S3, request by request (docs/COST.md): one LIST, then free
 * single deletes for a usual session, one DeleteObjects per 1,000 keys for a long one; and every object
 * under the session's prefix goes, whether the index knows it or not.
 */
class ChunkDeletionRequestsIT {
    private final RewindConfig config = Emulator.freshConfig();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final S3Client countingS3 = S3Client.builder()
            .forcePathStyle(System.getenv("AWS_ENDPOINT_URL") != null)
            .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                }
            }))
            .build();
    private final S3ChunkStore store = new S3ChunkStore(countingS3, AwsClients::s3Presigner, config.chunksBucket());

    @AfterEach
    void drop() {
        Stored.drop(config);
    }

    private void storeChunks(String sessionId, int count) {
        for (int seq = 0; seq < count; seq++) {
            store.putIfAbsent("tenant1", sessionId, seq, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aShortSessionIsErasedWithOneListAndFreeSingleDeletes() {
        // given a 2-minute session's chunks, the last of them stored but never indexed (S3 knows nothing of the index)
        String sessionId = "shortSession0000000001";
        storeChunks(sessionId, 5);
        storeChunks("otherSession0000000001", 2);
        operations.clear();

        // when its chunks are deleted
        int deleted = store.deleteSession("tenant1", sessionId);

        // then one LIST found all five and each went by a single DELETE; the other session is untouched
        assertThat(deleted).isEqualTo(5);
        assertThat(operations)
                .containsExactly(
                        "ListObjectsV2",
                        "DeleteObject",
                        "DeleteObject",
                        "DeleteObject",
                        "DeleteObject",
                        "DeleteObject");
        assertThat(store.keys("tenant1"))
                .allMatch(key -> key.contains("/otherSession0000000001/"))
                .hasSize(2);
    }

    @Test
    void aLongSessionIsErasedWithOneListAndOneDeleteObjects() {
        // given a session with more chunks than single deletes are worth
        String sessionId = "longSession00000000001";
        storeChunks(sessionId, 40);
        operations.clear();

        // when its chunks are deleted
        int deleted = store.deleteSession("tenant1", sessionId);

        // then one LIST and one multi-object delete took them all
        assertThat(deleted).isEqualTo(40);
        assertThat(operations).containsExactly("ListObjectsV2", "DeleteObjects");
        assertThat(store.keys("tenant1")).isEmpty();
    }
}
