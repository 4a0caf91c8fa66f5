package dev.rewind.tenants;

/**
 * What a presented key is worth: its kind, its tenant; for share tokens the session and expiry; for
 * named api keys their id, name and scope (null for the key a tenant got at signup: an admin key);
 * for invitation tokens the invitation's id ({@code keyId}); for api keys the last time they were used.
 */
public record KeyGrant(
        KeyKind kind,
        String tenantId,
        String sessionId,
        long expiresAtEpochSeconds,
        String keyId,
        String name,
        KeyScope scope,
        long lastUsedAt) {
    public KeyGrant(KeyKind kind, String tenantId, String sessionId, long expiresAtEpochSeconds) {
        this(kind, tenantId, sessionId, expiresAtEpochSeconds, null, null, null, 0);
    }
}
