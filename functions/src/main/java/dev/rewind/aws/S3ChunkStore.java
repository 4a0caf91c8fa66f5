package dev.rewind.aws;

import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.ChunkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Chunks in S3, stored gzip-compressed with Content-Encoding so browsers inflate them on fetch. */
public final class S3ChunkStore implements ChunkStore {
    private final S3Client s3;
    /** Built on first use: only the console's functions sign URLs, so ingest's cold start skips it. */
    private final Supplier<S3Presigner> presigner;

    private final String bucket;
    /**
     * Single deletes are free but each is a round trip (~10–20 ms in-region); one DeleteObjects costs
     * $0.000005, about 0.3 s of a 1 GB Lambda. A 2-minute session has ~4 objects, a 30-minute one ~60.
     */
    static final int SINGLE_DELETES_UP_TO = 16;
    /** S3's 409 ConditionalRequestConflict means another write of the key is in progress: ask again. */
    private static final int CONDITIONAL_CONFLICT_ATTEMPTS = 3;

    public S3ChunkStore(S3Client s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = memoized(presigner);
        this.bucket = bucket;
    }

    /**
     * A conditional write ({@code If-None-Match: *}): S3 stores the object only if the key has none, and
     * of concurrent writers exactly one wins; the others get 412, or 409 while the winner's upload is
     * still in progress, after which the object is there (docs/INGEST.md, "Idempotency").
     */
    @Override
    public boolean putIfAbsent(String tenantId, String sessionId, int seq, byte[] gzipJson) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(
                        r -> r.bucket(bucket)
                                .key(ChunkBucket.chunkKey(tenantId, sessionId, seq))
                                .contentType("application/json")
                                .contentEncoding("gzip")
                                .ifNoneMatch("*"),
                        RequestBody.fromBytes(gzipJson));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                if (e.statusCode() != 409 || attempt == CONDITIONAL_CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<byte[]> get(String tenantId, String sessionId, int seq) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(ChunkBucket.chunkKey(tenantId, sessionId, seq)));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String url(String tenantId, String sessionId, int seq, Duration validFor) {
        return presigner
                .get()
                .presignGetObject(r -> r.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket).key(ChunkBucket.chunkKey(tenantId, sessionId, seq))))
                .url()
                .toString();
    }

    @Override
    public void delete(String tenantId, String sessionId, int seq) {
        s3.deleteObject(r -> r.bucket(bucket).key(ChunkBucket.chunkKey(tenantId, sessionId, seq)));
    }

    static <T> Supplier<T> memoized(Supplier<T> supplier) {
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

    /**
     * One LIST finds every object of the session, indexed or not (a chunk stored whose index update
     * failed is under the same prefix). Up to {@link #SINGLE_DELETES_UP_TO} objects go by single
     * DeleteObject requests, which S3 does not bill; more go by DeleteObjects, billed as one POST per
     * 1,000 keys, because waiting for many single round trips would cost more Lambda time than the
     * POST (docs/COST.md). A chunk that lands after the LIST is not this method's business: the
     * eraser's version check sees it was indexed and calls again (docs/RETENTION.md).
     */
    @Override
    public int deleteSession(String tenantId, String sessionId) {
        List<String> keys = list(ChunkBucket.sessionPrefix(tenantId, sessionId)).stream()
                .map(S3Object::key)
                .toList();
        if (keys.size() <= SINGLE_DELETES_UP_TO) {
            for (String key : keys) {
                s3.deleteObject(r -> r.bucket(bucket).key(key));
            }
            return keys.size();
        }
        deleteInBatches(keys, "session " + sessionId);
        return keys.size();
    }

    @Override
    public int deleteTenant(String tenantId) {
        List<String> keys = keys(tenantId);
        deleteInBatches(keys, "tenant " + tenantId);
        return keys.size();
    }

    /** DeleteObjects, 1,000 keys a request; {@code owner} names whose objects in the error. */
    private void deleteInBatches(List<String> keys, String owner) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build()));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                // quiet mode reports only failures; the caller's retry (the sweep, the stream) finishes the job
                throw new IllegalStateException(response.errors().size() + " chunk objects of " + owner
                        + " were not deleted: " + response.errors().get(0).code());
            }
        }
    }

    @Override
    public List<String> keys(String tenantId) {
        return list(ChunkBucket.tenantPrefix(tenantId)).stream()
                .map(S3Object::key)
                .toList();
    }

    private List<S3Object> list(String prefix) {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(continuation));
            objects.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }
}
