package dev.rewind.common;

/**
 * A store (S3, DynamoDB) could not be reached or did not answer in time. Thrown by the adapters in place
 * of their SDK's exceptions, so the core and the HTTP layer know one failure of storage: the API answers
 * 503 + Retry-After (docs/SECURITY.md) and nothing is acknowledged that was not stored.
 */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(RuntimeException cause) {
        super(cause.getClass().getSimpleName(), cause);
    }

    /** The name of the underlying failure, for logs (never its message, which may quote a request). */
    public String failure() {
        return getCause().getClass().getSimpleName();
    }
}
