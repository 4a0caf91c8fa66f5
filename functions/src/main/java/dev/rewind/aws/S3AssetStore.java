package dev.rewind.aws;

import dev.rewind.storage.AssetBucket;
import dev.rewind.storage.AssetStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Captured assets in the chunk bucket, under each tenant's prefix ({@link AssetBucket}). */
public final class S3AssetStore implements AssetStore {
    /** A stored copy never changes (its key is its hash): browsers may keep it as long as they like. */
    static final String STORED_CACHE_CONTROL = "private, max-age=31536000, immutable";
    /**
     * When a session last referenced the copy, epoch ms, as user metadata. The same instant as S3's
     * last-modified time in AWS; kept apart so that the sweep decides on the service's clock.
     */
    static final String REFERENCED_AT = "referenced-at";

    private final S3Client s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    public S3AssetStore(S3Client s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = S3ChunkStore.memoized(presigner);
        this.bucket = bucket;
    }

    @Override
    public Optional<Stored> stored(String tenantId, String hash) {
        return head(AssetBucket.storedKey(tenantId, hash)).map(h -> new Stored(referencedAt(h), h.contentType()));
    }

    private static Instant referencedAt(HeadObjectResponse head) {
        String millis = head.metadata().get(REFERENCED_AT);
        try {
            return millis == null ? head.lastModified() : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return head.lastModified();
        }
    }

    /** A copy onto itself (the one way S3 changes an object's metadata) moves its times too. */
    @Override
    public void touch(String tenantId, String hash, String contentType, Instant now) {
        String key = AssetBucket.storedKey(tenantId, hash);
        s3.copyObject(r -> r.sourceBucket(bucket)
                .sourceKey(key)
                .destinationBucket(bucket)
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(contentType)
                .cacheControl(STORED_CACHE_CONTROL)
                .metadata(Map.of(REFERENCED_AT, Long.toString(now.toEpochMilli()))));
    }

    /**
     * The signature covers the method, the key, the content type, the length and the SHA-256 (S3 checks the
     * body against {@code x-amz-checksum-sha256}), so the URL uploads these bytes and nothing else. The
     * browser sets Content-Length itself; the other signed headers go back to it to send.
     */
    @Override
    public UploadUrl uploadUrl(String tenantId, String hash, long size, String contentType, Duration validFor) {
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hash));
        PresignedPutObjectRequest presigned = presigner
                .get()
                .presignPutObject(r -> r.signatureDuration(validFor)
                        .putObjectRequest(p -> p.bucket(bucket)
                                .key(AssetBucket.uploadKey(tenantId, hash))
                                .contentType(contentType)
                                .contentLength(size)
                                .checksumSHA256(checksum)));
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(lower, String.join(",", values));
            }
        });
        return new UploadUrl(presigned.url().toString(), headers);
    }

    @Override
    public Optional<Upload> upload(String tenantId, String hash, long maxBytes) {
        String key = AssetBucket.uploadKey(tenantId, hash);
        Optional<HeadObjectResponse> head = head(key);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        long size = head.get().contentLength();
        if (size > maxBytes) {
            return Optional.of(new Upload(null, size, head.get().contentType()));
        }
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return Optional.of(new Upload(
                    bytes.asByteArray(),
                    bytes.response().contentLength(),
                    bytes.response().contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteUpload(String tenantId, String hash) {
        s3.deleteObject(r -> r.bucket(bucket).key(AssetBucket.uploadKey(tenantId, hash)));
    }

    @Override
    public void store(String tenantId, String hash, byte[] bytes, String contentType, Instant now) {
        s3.putObject(
                r -> r.bucket(bucket)
                        .key(AssetBucket.storedKey(tenantId, hash))
                        .contentType(contentType)
                        .cacheControl(STORED_CACHE_CONTROL)
                        .metadata(Map.of(REFERENCED_AT, Long.toString(now.toEpochMilli()))),
                RequestBody.fromBytes(bytes));
    }

    /** As an attachment: an SVG opened on its own at this URL is a download, not a document that runs. */
    @Override
    public String readUrl(String tenantId, String hash, Duration validFor) {
        return presigner
                .get()
                .presignGetObject(r -> r.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket)
                                .key(AssetBucket.storedKey(tenantId, hash))
                                .responseContentDisposition("attachment")))
                .url()
                .toString();
    }

    /**
     * One LIST of the tenant's copies; the ones S3 last modified before the edge are the candidates, and
     * each is deleted unless its metadata says a session referenced it since (one HEAD per candidate).
     */
    @Override
    public int deleteUnused(String tenantId, Instant storedBefore, Instant uploadsBefore) {
        int deleted = 0;
        for (S3Object object : list(AssetBucket.storedPrefix(tenantId))) {
            if (object.lastModified().isBefore(storedBefore)) {
                Optional<HeadObjectResponse> head = head(object.key());
                if (head.isPresent() && referencedAt(head.get()).isBefore(storedBefore)) {
                    s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
                    deleted++;
                }
            }
        }
        for (S3Object object : list(AssetBucket.uploadPrefix(tenantId))) {
            if (object.lastModified().isBefore(uploadsBefore)) {
                s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public int deleteTenant(String tenantId) {
        int deleted = 0;
        for (String prefix : List.of(AssetBucket.storedPrefix(tenantId), AssetBucket.uploadPrefix(tenantId))) {
            for (S3Object object : list(prefix)) {
                s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
                deleted++;
            }
        }
        return deleted;
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
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
