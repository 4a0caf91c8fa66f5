package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals of page views rather than clicks (docs/FRUSTRATION.md, "Quick back" and "Excessive scroll"):
 * which page is viewed since when and the one before it, and the scroll legs of the current page view. A few
 * scalars and at most {@link EngineLimits#MAX_SCROLL_REVERSALS} timestamps carried between chunks.
 */
final class PageSignals {

    /** Where a page signal is reported. */
    interface Sink {
        void emit(FrustrationType type, long at, FrustrationTarget target);
    }

    /** The page viewed (its URL without fragment), since when, and the page viewed before it. */
    private String page;

    private long pageSince;
    private String previousPage;

    /** The viewport's height from Meta and ViewportResize events; 0 while unknown. */
    private int viewportHeight;

    /** The node whose scrolling is followed (0: none yet in this page view). */
    private int scrollNode;
    /** Where the current leg began (direction 0) or the furthest point it reached. */
    private int scrollExtreme;
    /** 1 down, -1 up, 0 before the first leg. */
    private int scrollDirection;
    /** When each reversal of the current page view was confirmed, within the window, oldest first. */
    private final List<Long> reversals = new ArrayList<>();

    private boolean scrollReported;

    void viewport(JsonNode height) {
        if (height != null && height.isInt() && height.asInt() > 0) {
            viewportHeight = height.asInt();
        }
    }

    /**
     * A Meta event's or a navigation event's URL: true when it begins a new page view (a URL other than the
     * current page's, fragments ignored: an in-page anchor is no page change).
     */
    boolean onPage(long at, String href, FrustrationRules rules, Sink sink) {
        String url = withoutFragment(href);
        if (url == null || url.isBlank() || url.equals(page)) {
            return false;
        }
        if (page != null && url.equals(previousPage) && at - pageSince <= rules.quickBackWindowMs()) {
            // anchored where the short view began, on the page bounced off: that page is the hotspot
            sink.emit(
                    FrustrationType.QUICK_BACK,
                    pageSince,
                    new FrustrationTarget(
                            0, null, BoundedText.clip(withoutQuery(page), EngineLimits.MAX_QUICK_BACK_PAGE_CHARS)));
        }
        previousPage = page;
        page = url;
        pageSince = at;
        resetScroll();
        return true;
    }

    /** An rrweb Scroll event: the scroll position {@code y} of node {@code nodeId}. */
    void onScroll(long at, int nodeId, int y, FrustrationRules rules, Sink sink) {
        if (nodeId != scrollNode) {
            // another scroller: its legs start afresh (one scroller followed at a time)
            scrollNode = nodeId;
            scrollExtreme = y;
            scrollDirection = 0;
            reversals.clear();
            return;
        }
        int leg = viewportHeight > 0 ? Math.max(1, viewportHeight / 4) : EngineLimits.DEFAULT_SCROLL_LEG_PX;
        if (scrollDirection == 0) {
            if (Math.abs(y - scrollExtreme) >= leg) {
                scrollDirection = y > scrollExtreme ? 1 : -1;
                scrollExtreme = y;
            }
            return;
        }
        if ((long) (y - scrollExtreme) * scrollDirection >= 0) {
            scrollExtreme = y;
            return;
        }
        if (Math.abs(scrollExtreme - y) < leg) {
            return;
        }
        scrollDirection = -scrollDirection;
        scrollExtreme = y;
        reversals.add(at);
        while (!reversals.isEmpty() && at - reversals.get(0) > rules.excessiveScrollWindowMs()) {
            reversals.remove(0);
        }
        while (reversals.size() > EngineLimits.MAX_SCROLL_REVERSALS) {
            reversals.remove(0);
        }
        if (!scrollReported && reversals.size() >= rules.excessiveScrollReversals()) {
            scrollReported = true;
            sink.emit(FrustrationType.EXCESSIVE_SCROLL, reversals.get(0), FrustrationTarget.node(nodeId));
        }
    }

    private void resetScroll() {
        scrollNode = 0;
        scrollExtreme = 0;
        scrollDirection = 0;
        reversals.clear();
        scrollReported = false;
    }

    /** Saved into the engine's state; the page is left out when it is the page loaded last ({@code pageHref}), as usual. */
    void save(ObjectNode state, String pageHref) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (page != null && !page.equals(pageHref)) {
            node.put("page", page);
        }
        if (previousPage != null) {
            // when the view began matters only to a quick back, and so only once there is a page to go back to
            node.put("since", pageSince);
        }
        if (previousPage != null) {
            node.put("previous", previousPage);
        }
        if (viewportHeight > 0) {
            node.put("vh", viewportHeight);
        }
        if (scrollNode != 0) {
            node.put("scrollNode", scrollNode).put("extreme", scrollExtreme).put("direction", scrollDirection);
        }
        if (!reversals.isEmpty()) {
            var saved = node.putArray("reversals");
            reversals.forEach(saved::add);
        }
        if (scrollReported) {
            node.put("scrollReported", true);
        }
        if (!node.isEmpty()) {
            state.set("pages", node);
        }
    }

    void restore(JsonNode state, String pageHref) {
        JsonNode node = state.path("pages");
        page = text(node, "page", EngineLimits.MAX_HREF_CHARS);
        if (page == null && pageHref != null) {
            page = withoutFragment(pageHref);
        }
        pageSince = node.path("since").asLong();
        previousPage = text(node, "previous", EngineLimits.MAX_HREF_CHARS);
        viewportHeight = node.path("vh").asInt();
        scrollNode = node.path("scrollNode").asInt();
        scrollExtreme = node.path("extreme").asInt();
        scrollDirection = Integer.signum(node.path("direction").asInt());
        for (JsonNode at : node.path("reversals")) {
            if (reversals.size() < EngineLimits.MAX_SCROLL_REVERSALS) {
                reversals.add(at.asLong());
            }
        }
        scrollReported = node.path("scrollReported").asBoolean();
    }

    private static String text(JsonNode node, String field, int maxChars) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? BoundedText.clip(value.asText(), maxChars) : null;
    }

    static String withoutFragment(String href) {
        if (href == null) {
            return null;
        }
        int hash = href.indexOf('#');
        return BoundedText.clip(hash < 0 ? href : href.substring(0, hash), EngineLimits.MAX_HREF_CHARS);
    }

    /** The page named in a quick back: no query (it may carry tokens) and no fragment. */
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
