package dev.rewind.http;

import dev.rewind.common.Refused;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.ingest.IngestLimits;

/**
 * The one table from the domain's refusals to the API's errors: each {@link Refused.Reason} gets its
 * status and snake_case code (docs/openapi.yaml lists them), and a store that is unavailable gets 503 +
 * Retry-After. The HTTP layer's own refusals (a route, a path parameter, a body that is not JSON) are
 * {@link ApiException}s where they are found.
 */
public final class ApiErrors {
    /** What a caller waits before it retries after a 503. */
    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

    private ApiErrors() {}

    public static ApiException of(Refused refused) {
        String message = refused.getMessage();
        return switch (refused.reason()) {
            case EMPTY_BODY -> new ApiException(400, "empty_body", message);
            case BODY_TOO_LARGE -> new ApiException(413, "body_too_large", message);
            case DECOMPRESSED_TOO_LARGE -> new ApiException(413, "decompressed_too_large", message);
            case NOT_JSON -> new ApiException(400, "invalid_json", message);
            case NOT_UTF8 -> new ApiException(400, "invalid_utf8", message);
            case NOT_GZIP -> new ApiException(400, "invalid_gzip", message);
            case NOT_A_CHUNK -> new ApiException(400, "invalid_chunk", message);
            case INVALID_SESSION_ID -> new ApiException(400, "invalid_session_id", message);
            case INVALID_SEQ -> new ApiException(400, "invalid_seq", message);
            case TOO_MANY_CHUNKS -> new ApiException(413, "too_many_chunks", message);
            case INVALID_EVENTS -> new ApiException(400, "invalid_events", message);
            case TOO_MANY_EVENTS -> new ApiException(413, "too_many_events", message);
            case INVALID_EVENT -> new ApiException(400, "invalid_event", message);
            case INVALID_META -> new ApiException(400, "invalid_meta", message);
            case SESSION_TOO_LONG -> new ApiException(413, "session_too_long", message);
            case TIMESTAMP_IN_FUTURE -> new ApiException(400, "timestamp_in_future", message);
            case TIMESTAMP_TOO_OLD -> new ApiException(400, "timestamp_too_old", message);
            case INVALID_USER_ID -> new ApiException(400, "invalid_user_id", message);
            case TOO_MANY_USER_IDS -> new ApiException(413, "too_many_user_ids", message);
            case SESSION_DELETED -> new ApiException(410, "session_deleted", message);
            case CHUNK_CONFLICT -> new ApiException(409, "chunk_conflict", message);
            case MISSING_API_KEY -> new ApiException(401, "missing_api_key", message);
            case UNKNOWN_API_KEY -> new ApiException(401, "invalid_api_key", message);
            case INVALID_TOKEN -> new ApiException(401, "invalid_token", message);
            case MISSING_TENANT -> new ApiException(400, "missing_tenant", message);
            case NOT_A_MEMBER -> new ApiException(403, "not_a_member", message);
            case FORBIDDEN -> new ApiException(403, "forbidden", message);
            case EMAIL_MISMATCH -> new ApiException(403, "email_mismatch", message);
            case ALREADY_MEMBER -> new ApiException(409, "already_member", message);
            case OWNER_REQUIRED -> new ApiException(409, "owner_required", message);
            case NOT_FOUND -> new ApiException(404, "not_found", message);
            case RESCORE_RUNNING -> new ApiException(409, "rescore_running", message);
            case INVALID_CURSOR -> new ApiException(400, "invalid_cursor", message);
            case TENANT_BUSY ->
                new ApiException(429, "rate_limited", message, IngestLimits.RATE_LIMITED_RETRY_AFTER_SECONDS);
            case SESSION_BUSY -> unavailable(message);
            case RATE_LIMITED -> new ApiException(429, "rate_limited", message, refused.retryAfterSeconds());
            case QUOTA_EXCEEDED -> new ApiException(429, "quota_exceeded", message, refused.retryAfterSeconds());
            case INVALID_ASSET -> new ApiException(400, "invalid_asset", message);
            case TOO_MANY_ASSETS -> new ApiException(413, "too_many_assets", message);
            case ASSET_TOO_LARGE -> new ApiException(413, "asset_too_large", message);
            case ASSET_TYPE_NOT_ALLOWED -> new ApiException(415, "asset_type_not_allowed", message);
        };
    }

    public static ApiException of(StoreUnavailable unavailable) {
        return unavailable("storage is unavailable, retry later");
    }

    private static ApiException unavailable(String message) {
        return new ApiException(503, "service_unavailable", message, UNAVAILABLE_RETRY_AFTER_SECONDS);
    }
}
