package dev.rewind.tenants;

/** What a presented key is worth: its kind, its tenant and, for share tokens, the session and expiry. */
public record KeyGrant(KeyKind kind, String tenantId, String sessionId, long expiresAtEpochSeconds) {}
