package dev.rewind.tenants;

import dev.rewind.frustration.FrustrationRules;
import java.util.List;
import java.util.Set;

/**
 * A customer of Rewind and its settings (docs/DATA-MODEL.md).
 *
 * @param urlQueryAllowList the query parameters recorded URLs keep (names, or prefixes ending in {@code *});
 *                          every other parameter and every fragment is removed ({@link dev.rewind.ingest.RecordedUrls})
 * @param plan              what the tenant may send ({@link Plan}); set by the operator, not by the tenant
 * @param consoleLevels     the console levels the recorder captures ({@link #CONSOLE_LEVELS}); empty: none
 * @param captureAssets     which assets the recorder stores for replays (docs/ASSETS.md)
 * @param recordCanvas      whether the recorder records {@code <canvas>} content, at a low frame rate (docs/ASSETS.md, "Canvas")
 */
public record Tenant(
        String tenantId,
        String organization,
        String email,
        long createdAt,
        int retentionDays,
        List<String> allowedOrigins,
        double sampleRate,
        boolean maskAllText,
        boolean consentRequired,
        List<String> urlQueryAllowList,
        FrustrationRules frustrationRules,
        long purgedBefore,
        Plan plan,
        List<String> consoleLevels,
        AssetCapture captureAssets,
        boolean recordCanvas) {

    /** Every console level the recorder can capture (docs/INGEST.md, "Console messages"). */
    public static final List<String> CONSOLE_LEVELS = List.of("log", "info", "warn", "error", "debug");
    /** All but debug: debug output is the chattiest and the likeliest to carry internals. */
    public static final List<String> DEFAULT_CONSOLE_LEVELS = List.of("log", "info", "warn", "error");

    public static final Set<Integer> RETENTION_CHOICES = Set.of(7, 14, 30, 60, 90, 180, 365);
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public static Tenant create(String tenantId, String organization, String email, long now) {
        return new Tenant(
                tenantId,
                organization,
                email,
                now,
                DEFAULT_RETENTION_DAYS,
                List.of(),
                1.0,
                false,
                false,
                List.of(),
                FrustrationRules.DEFAULTS,
                0,
                Plan.DEFAULT,
                DEFAULT_CONSOLE_LEVELS,
                AssetCapture.DEFAULT,
                false);
    }

    /**
     * The start time before which this tenant's sessions are gone: its retention, and never less than a
     * shorter retention once set. {@code purgedBefore} remembers a shrink, so growing retention back
     * does not bring back sessions the shorter one already hid (docs/RETENTION.md).
     */
    public long visibleFrom(long now) {
        return Math.max(now - retentionMillis(), purgedBefore);
    }

    /** The same tenant with new settings; a retention change moves {@code purgedBefore} forward. */
    public Tenant withSettings(
            int retentionDays,
            List<String> allowedOrigins,
            double sampleRate,
            boolean maskAllText,
            boolean consentRequired,
            List<String> urlQueryAllowList,
            FrustrationRules frustrationRules,
            List<String> consoleLevels,
            AssetCapture captureAssets,
            boolean recordCanvas,
            long now) {
        // any change moves the watermark to the shorter of the two retentions: sessions hidden before the
        // change (even if not yet swept) stay hidden after it
        long purged = retentionDays == this.retentionDays
                ? purgedBefore
                : Math.max(purgedBefore, now - Math.min(retentionDays, this.retentionDays) * 86_400_000L);
        return new Tenant(
                tenantId,
                organization,
                email,
                createdAt,
                retentionDays,
                List.copyOf(allowedOrigins),
                sampleRate,
                maskAllText,
                consentRequired,
                List.copyOf(urlQueryAllowList),
                frustrationRules,
                purged,
                plan,
                List.copyOf(consoleLevels),
                captureAssets,
                recordCanvas);
    }

    /** The same tenant on another plan (the operator's change, docs/DEPLOY.md). */
    public Tenant withPlan(Plan plan) {
        return new Tenant(
                tenantId,
                organization,
                email,
                createdAt,
                retentionDays,
                allowedOrigins,
                sampleRate,
                maskAllText,
                consentRequired,
                urlQueryAllowList,
                frustrationRules,
                purgedBefore,
                plan,
                consoleLevels,
                captureAssets,
                recordCanvas);
    }

    /** Whether a browser on {@code origin} may send chunks: any origin until the tenant lists some. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin));
    }

    public long retentionMillis() {
        return retentionDays * 86_400_000L;
    }
}
