package dev.rewind.ingest;

import dev.rewind.storage.ChunkBucket;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Chunks in S3, stored gzip-compressed with Content-Encoding so browsers inflate them on fetch. */
public final class S3ChunkStore implements ChunkStore {
    private final S3Client s3;
    /** Built on first use: only the console's functions sign URLs, so ingest's cold start skips it. */
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    public S3ChunkStore(S3Client s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = memoized(presigner);
        this.bucket = bucket;
    }

    @Override
    public void put(String tenantId, String sessionId, int seq, byte[] gzipJson) {
        s3.putObject(r -> r.bucket(bucket).key(ChunkBucket.chunkKey(tenantId, sessionId, seq))
                        .contentType("application/json").contentEncoding("gzip"),
                RequestBody.fromBytes(gzipJson));
    }

    @Override
    public Optional<byte[]> get(String tenantId, String sessionId, int seq) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key(ChunkBucket.chunkKey(tenantId, sessionId, seq)));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String url(String tenantId, String sessionId, int seq, Duration validFor) {
        return presigner.get().presignGetObject(r -> r.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket).key(ChunkBucket.chunkKey(tenantId, sessionId, seq))))
                .url().toString();
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Override
    public int deleteSession(String tenantId, String sessionId) {
        int deleted = 0;
        String prefix = ChunkBucket.sessionPrefix(tenantId, sessionId);
        while (true) {
            List<ObjectIdentifier> ids = list(prefix).stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (ids.isEmpty()) {
                return deleted;
            }
            for (int i = 0; i < ids.size(); i += 1000) {
                List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
                s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
                deleted += batch.size();
            }
        }
    }

    @Override
    public List<String> keys(String tenantId) {
        return list(ChunkBucket.tenantPrefix(tenantId)).stream().map(S3Object::key).toList();
    }

    private List<S3Object> list(String prefix) {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(continuation));
            objects.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }
}
