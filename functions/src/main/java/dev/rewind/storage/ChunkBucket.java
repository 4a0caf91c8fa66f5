package dev.rewind.storage;

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
