package dev.rewind.insights;

import java.util.regex.Pattern;

/**
 * The page a URL is, for grouping frustrations across sessions (docs/INSIGHTS.md): the query string and
 * fragment go, and every path segment that names one thing rather than a kind of page becomes
 * {@code :id} — a number, a UUID, a hex hash of 8 characters or more, or a long token that mixes letters
 * and digits. {@code https://shop.example/orders/8123/items?ref=mail} is
 * {@code https://shop.example/orders/:id/items}.
 */
public final class PageUrls {
    private PageUrls() {}

    public static final String ID = ":id";

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("(?=.*\\d)[0-9a-fA-F]{8,}");
    /** A token of 16 or more letters, digits, '-' or '_' with at least one digit: a generated id or slug hash. */
    private static final Pattern TOKEN = Pattern.compile("(?=.*\\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}");

    /** The normalised page of {@code url}; null for null or blank. */
    public static String normalise(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String page = url.strip();
        int cut = indexOfAny(page, '?', '#');
        if (cut >= 0) {
            page = page.substring(0, cut);
        }
        int schemeEnd = page.indexOf("://");
        int pathStart = schemeEnd < 0 ? 0 : page.indexOf('/', schemeEnd + 3);
        if (pathStart < 0) {
            return page + "/";
        }
        StringBuilder out = new StringBuilder(page.length()).append(page, 0, pathStart);
        String[] segments = page.substring(pathStart).split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            out.append('/').append(isId(segments[i]) ? ID : segments[i]);
        }
        if (segments.length == 1) {
            out.append('/');
        }
        return out.toString();
    }

    private static boolean isId(String segment) {
        return NUMBER.matcher(segment).matches()
                || UUID.matcher(segment).matches()
                || HEX.matcher(segment).matches()
                || TOKEN.matcher(segment).matches();
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
