package dev.rewind.storage;

import java.util.List;

/**
 * Where a tenant's captured assets (images, fonts, stylesheets) live in the chunk bucket, and the bucket's
 * CORS rule for their uploads (docs/ASSETS.md):
 * <ul>
 *   <li>{@code t/<tenantId>/a/<sha256>}: the stored copy, content-addressed, one per tenant however many
 *       sessions use it;</li>
 *   <li>{@code t/<tenantId>/u/<sha256>}: an upload not yet checked; the server reads it, checks its hash,
 *       size and type, and only then stores it under {@code a/}.</li>
 * </ul>
 * Which recorded URL of a session is which hash is in the session's own chunks (the recorder's {@code asset}
 * events), so it goes when the session goes.
 */
public final class AssetBucket {
    private AssetBucket() {}

    public static String storedPrefix(String tenantId) {
        return ChunkBucket.tenantPrefix(tenantId) + "a/";
    }

    public static String uploadPrefix(String tenantId) {
        return ChunkBucket.tenantPrefix(tenantId) + "u/";
    }

    public static String storedKey(String tenantId, String hash) {
        return storedPrefix(tenantId) + hash;
    }

    public static String uploadKey(String tenantId, String hash) {
        return uploadPrefix(tenantId) + hash;
    }

    /** The header a browser sends with an upload so that S3 checks the bytes against the signed hash. */
    public static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";

    /**
     * Recorders upload from customers' sites, so any origin may PUT; the presigned URL is the
     * authorization (one key, one size, one hash, minutes). Nothing is readable through this rule.
     */
    public static ChunkBucket.Cors uploads() {
        return new ChunkBucket.Cors(
                List.of("PUT"), List.of(ChunkBucket.ANY_ORIGIN), List.of("content-type", CHECKSUM_HEADER), 3600);
    }
}
