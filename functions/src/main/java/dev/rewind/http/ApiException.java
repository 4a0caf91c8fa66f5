package dev.rewind.http;

/**
 * An error answer of the API: its status and snake_case code in the API's error shape
 * (docs/ARCHITECTURE.md). The HTTP layer throws it for what it refuses itself; the domain's refusals
 * become one through {@link ApiErrors}. {@link ApiHandler} turns it into the response.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }
}
