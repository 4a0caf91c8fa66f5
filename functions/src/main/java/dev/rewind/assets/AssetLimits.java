package dev.rewind.assets;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits of asset capture, in one place (docs/ASSETS.md, "Limits"); the recorder's own budgets are in
 * recorder-sdk/src/constants.ts.
 */
public final class AssetLimits {
    private AssetLimits() {}

    /** One asset: larger ones are not captured (the replay keeps the original URL). */
    public static final long MAX_ASSET_BYTES = 4L * 1024 * 1024;
    /** Assets offered or committed in one request. */
    public static final int MAX_ASSETS_PER_REQUEST = 50;
    /** URL-to-hash references the replay of one session reads. */
    public static final int MAX_REFERENCES_PER_SESSION = 1_000;

    public static final int MAX_URL_CHARS = 2_048;
    /** The SHA-256 of the bytes, lower-case hex: the asset's name. */
    public static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** How long a presigned upload may be used. */
    public static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(2);
    /**
     * How long the replay's URLs of stored copies work. Longer than a chunk URL's 5 minutes: the player
     * rewrites each URL once, when its chunk arrives, and an image that first shows 40 minutes into a
     * replay loads it then. Each names one copy, of one tenant, that the replay's viewer may see anyway.
     */
    public static final Duration READ_URL_VALIDITY = Duration.ofHours(1);
    /**
     * Overrides {@link #READ_URL_VALIDITY} in seconds, for tests of a replay that outlives its URLs (the
     * console's asset-renewal test runs the local runner with a few seconds).
     */
    public static final String ENV_READ_URL_SECONDS = "REWIND_ASSET_URL_SECONDS";
    /**
     * A stored copy seen again is touched (its last-modified time moved) at most this often, and the sweep
     * keeps it this much longer than the retention edge, so a copy any session in retention uses stays.
     */
    public static final Duration TOUCH_AFTER = Duration.ofDays(1);
    /** Copies a function remembers as referenced recently (Assets): ~1 MB of a 512 MB function. */
    public static final int RECENTLY_REFERENCED_KEPT = 10_000;
    /** An upload never committed is deleted by the sweep after this. */
    public static final Duration UPLOAD_KEPT = Duration.ofDays(1);

    /** What may be stored: images, fonts and stylesheets, nothing a browser would run as a page or a script. */
    public static final Set<String> TYPES = Set.of(
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "image/avif",
            "image/svg+xml",
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "image/bmp",
            "font/woff",
            "font/woff2",
            "font/ttf",
            "font/otf",
            "font/sfnt",
            "application/font-woff",
            "application/font-woff2",
            "application/x-font-woff",
            "application/x-font-ttf",
            "application/x-font-otf",
            "application/vnd.ms-fontobject",
            "text/css");

    /** The media type without parameters, lower case; null when it is none of {@link #TYPES}. */
    public static String allowedType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return TYPES.contains(type) ? type : null;
    }

    /** {@link #READ_URL_VALIDITY}, or the whole seconds of {@link #ENV_READ_URL_SECONDS} when set. */
    public static Duration readUrlValidity(String override) {
        if (override == null || override.isBlank()) {
            return READ_URL_VALIDITY;
        }
        try {
            long seconds = Long.parseLong(override.trim());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException(
                ENV_READ_URL_SECONDS + " must be a whole number of seconds, at least 1, not " + override);
    }
}
