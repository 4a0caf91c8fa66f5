package dev.rewind.tenants;

/**
 * A share link as the session's owner sees it: an id (the first {@link #ID_CHARS} hex characters of
 * its token's hash, so the token itself is never stored nor shown again) and when it stops working.
 */
public record ShareLink(String id, long expiresAtEpochSeconds) {
    public static final int ID_CHARS = 16;

    public static String idOf(String tokenHash) {
        return tokenHash.substring(0, ID_CHARS);
    }
}
