package dev.rewind.insights;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * What one hotspot aggregate counts (docs/INSIGHTS.md): a UTC day, a normalised page ({@link PageUrls}) and
 * the element the frustrations named (its selector), or the whole page when {@code selector} is null.
 */
public record HotspotKey(LocalDate day, String page, String selector) {

    public HotspotKey {
        if (day == null || page == null) {
            throw new IllegalArgumentException("a hotspot has a day and a page");
        }
    }

    public boolean isPage() {
        return selector == null;
    }

    /**
     * {@code <day>#<16 hex digits>}: the day, so a tenant's aggregates of a period are one key range, and
     * a hash of the page and the element, which may be long.
     */
    public String id() {
        return day + "#" + hash(page + "\n" + (selector == null ? "" : "e:" + selector));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
