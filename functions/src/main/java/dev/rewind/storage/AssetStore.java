package dev.rewind.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Where a tenant's captured assets live (key layout: {@link AssetBucket}). */
public interface AssetStore {
    /** A stored copy: when a session last referenced it (stored or touched), and its content type. */
    record Stored(Instant referencedAt, String contentType) {}

    /** An upload waiting for its check: its bytes (null when over {@code maxBytes}), size and declared type. */
    record Upload(byte[] bytes, long size, String contentType) {}

    /** A presigned PUT: the URL and the headers the browser must send with it (they are signed). */
    record UploadUrl(String url, Map<String, String> headers) {}

    Optional<Stored> stored(String tenantId, String hash);

    /** Marks a stored copy as referenced at {@code now}, so the sweep keeps it. */
    void touch(String tenantId, String hash, String contentType, Instant now);

    /** A short-lived PUT of exactly {@code size} bytes of {@code contentType} whose SHA-256 is {@code hash}, to the upload key. */
    UploadUrl uploadUrl(String tenantId, String hash, long size, String contentType, Duration validFor);

    /** The upload under {@code hash}, if one arrived; its bytes are read only up to {@code maxBytes}. */
    Optional<Upload> upload(String tenantId, String hash, long maxBytes);

    void deleteUpload(String tenantId, String hash);

    /** Stores checked bytes as the tenant's copy of {@code hash}, referenced at {@code now}. */
    void store(String tenantId, String hash, byte[] bytes, String contentType, Instant now);

    /** A short-lived URL that reads exactly this one stored copy (as a download if opened on its own). */
    String readUrl(String tenantId, String hash, Duration validFor);

    /** Deletes the stored copies last referenced before {@code storedBefore} and uploads older than {@code uploadsBefore}; returns how many went. */
    int deleteUnused(String tenantId, Instant storedBefore, Instant uploadsBefore);

    /** Deletes every stored copy and upload of the tenant; returns how many went. */
    int deleteTenant(String tenantId);

    /** No asset storage: nothing is stored or found, and nothing can be uploaded (wirings that do not capture assets). */
    AssetStore NONE = new AssetStore() {
        @Override
        public Optional<Stored> stored(String t, String h) {
            return Optional.empty();
        }

        @Override
        public void touch(String t, String h, String c, Instant n) {}

        @Override
        public UploadUrl uploadUrl(String t, String h, long s, String c, Duration v) {
            throw new UnsupportedOperationException("no asset storage");
        }

        @Override
        public Optional<Upload> upload(String t, String h, long m) {
            return Optional.empty();
        }

        @Override
        public void deleteUpload(String t, String h) {}

        @Override
        public void store(String t, String h, byte[] b, String c, Instant n) {
            throw new UnsupportedOperationException("no asset storage");
        }

        @Override
        public String readUrl(String t, String h, Duration v) {
            throw new UnsupportedOperationException("no asset storage");
        }

        @Override
        public int deleteUnused(String t, Instant s, Instant u) {
            return 0;
        }

        @Override
        public int deleteTenant(String t) {
            return 0;
        }
    };
}
