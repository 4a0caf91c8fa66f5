package dev.rewind.sessions;

import java.util.Locale;

/**
 * A small user-agent parser: browser, OS and device class of the common browsers, from the
 * tokens each one is known to send. Order matters: Edge, Opera and Samsung Internet also say
 * "Chrome", Chrome also says "Safari", iOS also says "Mac OS X".
 */
public final class UserAgents {
    private UserAgents() {}

    public static final String OTHER = "Other";
    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";
    public static final String TABLET = "tablet";

    /** What a user agent names; all null for a missing one. */
    public record Client(String browser, String os, String device) {}

    public static Client parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Client(null, null, null);
        }
        return new Client(browser(userAgent), os(userAgent), device(userAgent));
    }

    static String browser(String ua) {
        if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") || ua.contains("Edge/")) {
            return "Edge";
        }
        if (ua.contains("OPR/") || ua.contains("OPiOS/") || ua.contains("Opera")) {
            return "Opera";
        }
        if (ua.contains("SamsungBrowser/")) {
            return "Samsung Internet";
        }
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
            return "Firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) {
            return "Chrome";
        }
        if (ua.contains("Safari/") || (ua.contains("AppleWebKit/") && isApple(ua))) {
            return "Safari";
        }
        return OTHER;
    }

    static String os(String ua) {
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) {
            return "iOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Macintosh") || ua.contains("Mac OS X")) {
            return "macOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return OTHER;
    }

    static String device(String ua) {
        String lower = ua.toLowerCase(Locale.ROOT);
        if (ua.contains("iPad") || lower.contains("tablet") || (ua.contains("Android") && !ua.contains("Mobile"))) {
            return TABLET;
        }
        if (ua.contains("Mobi") || ua.contains("iPhone") || ua.contains("iPod")) {
            return MOBILE;
        }
        return DESKTOP;
    }

    private static boolean isApple(String ua) {
        return ua.contains("Macintosh") || ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod");
    }
}
