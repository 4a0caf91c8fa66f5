package dev.rewind.tenants;

import java.time.Duration;

/**
 * A pending invitation of an email address to a tenant with a role. The link's token is a secret
 * shown once to the admin; only its hash is stored. Single use, and gone after {@link #VALID_FOR}.
 */
public record Invitation(
        String invitationId,
        String tenantId,
        String email,
        Role role,
        String invitedBy,
        long createdAt,
        long expiresAt) {
    public static final Duration VALID_FOR = Duration.ofDays(7);

    /** Whether {@code s} looks like an email address (Cognito checks it for real when the user signs up). */
    public static boolean isEmail(String s) {
        return s != null && s.length() <= 254 && s.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    public boolean expired(long now) {
        return now >= expiresAt;
    }
}
