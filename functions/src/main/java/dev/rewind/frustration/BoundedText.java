package dev.rewind.frustration;

/** Strings from the browser, cut to a bound before they are kept in a session's state. */
public final class BoundedText {
    private BoundedText() {}

    /**
     * The value with control characters replaced by spaces (so JSON never escapes them into six
     * bytes each) and cut to at most maxChars chars without splitting a surrogate pair; null
     * stays null.
     */
    public static String clip(String value, int maxChars) {
        if (value == null) {
            return null;
        }
        int end = Math.min(value.length(), maxChars);
        if (end > 0 && end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder clipped = null;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (clipped == null) {
                    clipped = new StringBuilder(value.substring(0, end));
                }
                clipped.setCharAt(i, ' ');
            }
        }
        if (clipped != null) {
            return clipped.toString();
        }
        return end == value.length() ? value : value.substring(0, end);
    }
}
