package dev.rewind.tenants;

/**
 * A named api key for automation, as listed (the key itself is shown once when created).
 * {@code lastUsedAt} is 0 before first use.
 */
public record ApiKey(String keyId, String name, KeyScope scope, String createdBy, long createdAt, long lastUsedAt) {
    /** The id under which the key a tenant got at signup is listed and revoked. */
    public static final String SIGNUP_KEY_ID = "signup";
}
