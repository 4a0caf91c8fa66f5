package dev.rewind.tenants;

import java.util.List;
import java.util.Set;

/** A customer of Rewind and its settings (DESIGN 3.3, 5, 6). */
public record Tenant(
        String tenantId,
        String organization,
        String email,
        long createdAt,
        int retentionDays,
        List<String> allowedOrigins,
        double sampleRate,
        boolean maskAllText,
        boolean consentRequired) {

    public static final Set<Integer> RETENTION_CHOICES = Set.of(7, 14, 30, 60, 90, 180, 365);
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public static Tenant create(String tenantId, String organization, String email, long now) {
        return new Tenant(tenantId, organization, email, now, DEFAULT_RETENTION_DAYS, List.of(), 1.0, false, false);
    }

    /** Whether a browser on {@code origin} may send chunks: any origin until the tenant lists some. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
    }

    public long retentionMillis() {
        return retentionDays * 86_400_000L;
    }
}
