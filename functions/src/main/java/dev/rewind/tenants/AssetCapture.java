package dev.rewind.tenants;

import java.util.Optional;

/**
 * Which assets the recorder stores for replays (docs/ASSETS.md, "Privacy and limits"): the tenant's
 * {@code captureAssets} setting. The page's own {@code init({captureAssets})} may only narrow it; the
 * stricter of the two applies.
 */
public enum AssetCapture {
    /** Images, fonts and stylesheets: the default. */
    ALL("all"),
    /** Fonts and stylesheets only (as Sentry's {@code blockAllMedia}): no image leaves the page. */
    FONTS_AND_STYLESHEETS("fonts_and_stylesheets"),
    /** Nothing: replays load every asset from its recorded URL. */
    NONE("none");

    public static final AssetCapture DEFAULT = ALL;

    private final String code;

    AssetCapture(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<AssetCapture> parse(String code) {
        for (AssetCapture capture : values()) {
            if (capture.code.equals(code)) {
                return Optional.of(capture);
            }
        }
        return Optional.empty();
    }
}
