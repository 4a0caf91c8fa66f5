package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.aws.SessionItem;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scans written by hand for the ingest path (docs/PERFORMANCE.md) answer as the regular expressions and
 * the format they replaced did, on the URLs a snapshot holds and on random strings.
 */
class RecordedUrlsTest {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final List<String> URLS = List.of(
            "",
            ":",
            "/",
            "//cdn.example/a.css",
            "a.css",
            "a.css?v=1",
            "https://shop.example/cart?token=x#top",
            "HTTP://Shop.Example:8443/",
            "HtTpS://shop.example",
            "ftp://files.example/x",
            "httpx://shop.example/",
            "htt://shop.example/",
            "data:image/png;base64,AAAA",
            "javascript:void(0)",
            "mailto:a@b.example",
            "c++:x",
            "1http://x",
            "/redirect?to=https://evil.example/",
            "https:/one-slash",
            "https://",
            "blob:https://shop.example/uuid",
            "-x:y",
            "a.b-c+d:rest");

    @Test
    void aSchemeIsFoundAsTheRegexFoundIt() {
        for (String url : URLS) {
            assertThat(RecordedUrls.hasScheme(url))
                    .as(url)
                    .isEqualTo(SCHEME.matcher(url).find());
        }
        Random random = new Random(7);
        String alphabet = "aZ09+.-:/?#hts";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder url = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                url.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(RecordedUrls.hasScheme(url.toString()))
                    .as(url.toString())
                    .isEqualTo(SCHEME.matcher(url).find());
        }
    }

    @Test
    void anOriginIsReadAsTheRegexReadIt() {
        for (String url : URLS) {
            assertThat(RecordedUrls.originOf(url)).as(url).isEqualTo(originByRegex(url));
        }
        assertThat(RecordedUrls.originOf("HTTP://Shop.Example:8443/x?y")).isEqualTo("HTTP://Shop.Example:8443");
        assertThat(RecordedUrls.originOf(null)).isNull();
    }

    @Test
    void theStartKeyIsTheTimestampPaddedTo13Digits() {
        for (long startedAt : new long[] {0, 7, 1_764_000_000_000L, 9_999_999_999_999L, 12_345_678_901_234L, -5}) {
            assertThat(SessionItem.startKey(startedAt, "sess-1"))
                    .isEqualTo(String.format("%013d", startedAt) + "#sess-1");
        }
    }

    /** What {@link RecordedUrls#originOf} did before, with its regex. */
    private static String originByRegex(String url) {
        int separator = url.indexOf("://");
        if (separator <= 0 || !url.substring(0, separator).matches("(?i)https?")) {
            return null;
        }
        int end = separator + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(0, end);
    }
}
