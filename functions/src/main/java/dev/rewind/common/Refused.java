package dev.rewind.common;

/**
 * A request the domain refuses: input that breaks a rule, a limit passed, something that is not there,
 * or a writer that lost to others too often. It names the reason in the domain's terms only; the HTTP
 * layer's one table ({@code http/ApiErrors}) gives each reason its status and error code.
 */
public final class Refused extends RuntimeException {

    /** Why; the message says it for people. */
    public enum Reason {
        // a chunk (docs/INGEST.md) or an import
        EMPTY_BODY,
        BODY_TOO_LARGE,
        DECOMPRESSED_TOO_LARGE,
        NOT_JSON,
        NOT_UTF8,
        NOT_GZIP,
        NOT_A_CHUNK,
        INVALID_SESSION_ID,
        INVALID_SEQ,
        TOO_MANY_CHUNKS,
        INVALID_EVENTS,
        TOO_MANY_EVENTS,
        INVALID_EVENT,
        INVALID_META,
        SESSION_TOO_LONG,
        TIMESTAMP_IN_FUTURE,
        TIMESTAMP_TOO_OLD,
        INVALID_USER_ID,
        TOO_MANY_USER_IDS,
        /** The session was deleted: a delete wins over its later chunks. */
        SESSION_DELETED,
        /** The chunk's (session, seq) already holds a different chunk: a seq is stored once. */
        CHUNK_CONFLICT,
        // who is calling (docs/SECURITY.md, "Users and roles")
        MISSING_API_KEY,
        UNKNOWN_API_KEY,
        INVALID_TOKEN,
        MISSING_TENANT,
        NOT_A_MEMBER,
        FORBIDDEN,
        // teams
        EMAIL_MISMATCH,
        ALREADY_MEMBER,
        OWNER_REQUIRED,
        // reads
        NOT_FOUND,
        /** A re-score of the tenant's sessions is running (docs/FRUSTRATION.md, "Re-score history"). */
        RESCORE_RUNNING,
        INVALID_CURSOR,
        // load: nothing is wrong with the request, it may come again
        TENANT_BUSY,
        SESSION_BUSY,
        // a tenant's plan (tenants/Plan): the request may come again after retryAfterSeconds
        /** More chunks this minute than the tenant's plan allows, over every instance together. */
        RATE_LIMITED,
        /** The tenant's sessions of this month are used up: a new session is refused until the month ends. */
        QUOTA_EXCEEDED,
        // captured assets (docs/ASSETS.md)
        INVALID_ASSET,
        TOO_MANY_ASSETS,
        ASSET_TOO_LARGE,
        ASSET_TYPE_NOT_ALLOWED
    }

    private final Reason reason;
    private final int retryAfterSeconds;

    public Refused(Reason reason, String message) {
        this(reason, message, 0);
    }

    /** @param retryAfterSeconds when the refusal ends, in seconds from now (0: the reason's usual wait) */
    public Refused(Reason reason, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /** The caller may not do this here (its role or key scope lacks the permission). */
    public static Refused forbidden(String message) {
        return new Refused(Reason.FORBIDDEN, message);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code what} does not exist for the caller (or not any more). */
    public static Refused notFound(String what) {
        return new Refused(Reason.NOT_FOUND, what + " not found");
    }
}
