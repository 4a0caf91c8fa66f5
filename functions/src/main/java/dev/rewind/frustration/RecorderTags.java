package dev.rewind.frustration;

/**
 * The tags of the custom events (rrweb type 5) of Rewind's ingest protocol (docs/ARCHITECTURE.md, "Events convention"), with
 * their payloads. Any recorder may send them.
 */
public final class RecorderTags {
    private RecorderTags() {}

    /** {message, stack?, source?, line?, column?}: a JavaScript error or unhandled rejection. */
    public static final String ERROR = "error";
    /** {nodeId, x, y, tag, id?, classes?, role?, text?, selector, interactive}: describes a click, same timestamp. */
    public static final String CLICK_HINT = "click";
    /** {href, kind}: the URL changed without a page load (pushState, replaceState, popstate). */
    public static final String NAVIGATION = "navigation";
    /** {}: the page is being left. */
    public static final String PAGEHIDE = "pagehide";
    /** {userId, traits}: the visitor was identified. */
    public static final String IDENTIFY = "identify";
    /** {url, method, status, durationMs}: a network request finished. */
    public static final String NETWORK = "network";
    /** {events}: the recorder dropped this many events. */
    public static final String DROPPED = "dropped";
    /** {assets: [{url, hash}]}: the tenant holds a stored copy of these recorded URLs (docs/ASSETS.md, "Replay"). */
    public static final String ASSET = "asset";
}
