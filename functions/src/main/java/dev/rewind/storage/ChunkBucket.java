package dev.rewind.storage;

import java.util.List;

/**
 * The chunk bucket's settings, defined once for the CDK app and the local bootstrap, and its key
 * layout: {@code t/<tenantId>/s/<sessionId>/<seq>.json.gz}. The random session id right after the
 * tenant lets S3 split a busy tenant's prefix by session (docs/DATA-MODEL.md).
 */
public final class ChunkBucket {
    private ChunkBucket() {}

    public static final String ENV_VAR = "CHUNKS_BUCKET";
    public static final String LOCAL_NAME = "rewind-chunks";

    /** The safety net: longest retention (365 days) plus a margin, whatever the cleanup missed. */
    public static final int LIFECYCLE_EXPIRE_DAYS = 372;

    public static final int ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

    /** A lifecycle rule over the whole bucket. */
    public record Lifecycle(String id, int expireDays, int abortIncompleteUploadDays) {}

    /** The bucket's one lifecycle rule: every object expires, whatever the cleanup missed (docs/RETENTION.md). */
    public static final Lifecycle SAFETY_NET =
            new Lifecycle("safety-net", LIFECYCLE_EXPIRE_DAYS, ABORT_INCOMPLETE_UPLOAD_DAYS);

    /** A CORS rule of the bucket. */
    public record Cors(
            List<String> allowedMethods, List<String> allowedOrigins, List<String> allowedHeaders, int maxAgeSeconds) {}

    /** Locally the console, the local runner and the emulator run on ports that vary by run and by test. */
    public static final String ANY_ORIGIN = "*";

    /**
     * The console reads chunks straight from the bucket with short-lived URLs: only {@code origins} may
     * (in AWS the console's; locally {@link #ANY_ORIGIN}), and only read. Browsers cache the preflight
     * for an hour; the URLs themselves expire within minutes.
     */
    public static Cors chunkReads(List<String> origins) {
        return new Cors(List.of("GET", "HEAD"), List.copyOf(origins), List.of("*"), 3600);
    }

    /** Chunk URLs handed to the console expire quickly (docs/SECURITY.md). */
    public static final int CHUNK_URL_SECONDS = 300;

    public static String name() {
        String fromEnv = System.getenv(ENV_VAR);
        return fromEnv == null || fromEnv.isBlank() ? LOCAL_NAME : fromEnv;
    }

    public static String sessionPrefix(String tenantId, String sessionId) {
        return "t/" + tenantId + "/s/" + sessionId + "/";
    }

    public static String tenantPrefix(String tenantId) {
        return "t/" + tenantId + "/";
    }

    public static String chunkKey(String tenantId, String sessionId, int seq) {
        return sessionPrefix(tenantId, sessionId) + String.format("%06d", seq) + ".json.gz";
    }
}
