package dev.rewind.frustration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes small rrweb recordings for unit tests, in the shapes @rrweb/record 2.x emits. Times are
 * in ms after {@link #T0}.
 */
public final class Events {
    public static final long T0 = 1_700_000_000_000L;
    public static final String PAGE = "https://shop.example/checkout";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ArrayNode events = JSON.arrayNode();

    public Events() {}

    /** A page load: Meta, then a full snapshot of the given body children. */
    public static Events page(ObjectNode... bodyChildren) {
        return new Events().meta(0, PAGE).snapshot(1, bodyChildren);
    }

    /** A full snapshot of a document whose body holds the given children (html 2, body 3). */
    public Events snapshot(long at, ObjectNode... bodyChildren) {
        ObjectNode body = element(3, "body");
        for (ObjectNode child : bodyChildren) {
            body.withArray("childNodes").add(child);
        }
        ObjectNode html = element(2, "html");
        html.withArray("childNodes").add(body);
        ObjectNode document = JSON.objectNode().put("type", 0).put("id", 1);
        document.withArray("childNodes").add(html);
        ObjectNode data = JSON.objectNode();
        data.set("node", document);
        data.putObject("initialOffset").put("left", 0).put("top", 0);
        return add(at, Rrweb.FULL_SNAPSHOT, data);
    }

    public static ObjectNode element(int id, String tag, String... attributeNamesAndValues) {
        ObjectNode node =
                JSON.objectNode().put("type", Rrweb.ELEMENT_NODE).put("id", id).put("tagName", tag);
        ObjectNode attributes = node.putObject("attributes");
        for (int i = 0; i < attributeNamesAndValues.length; i += 2) {
            attributes.put(attributeNamesAndValues[i], attributeNamesAndValues[i + 1]);
        }
        node.putArray("childNodes");
        return node;
    }

    public static ObjectNode withChildren(ObjectNode element, ObjectNode... children) {
        for (ObjectNode child : children) {
            element.withArray("childNodes").add(child);
        }
        return element;
    }

    public static ObjectNode text(int id, String text) {
        return JSON.objectNode().put("type", 3).put("id", id).put("textContent", text);
    }

    public Events meta(long at, String href) {
        return add(
                at,
                Rrweb.META,
                JSON.objectNode().put("href", href).put("width", 1024).put("height", 768));
    }

    public Events mouseDown(long at, int nodeId, int x, int y) {
        return mouse(at, Rrweb.MOUSE_DOWN, nodeId, x, y);
    }

    /** A click as the browser makes it: mousedown, mouseup, click. */
    public Events click(long at, int nodeId, int x, int y) {
        mouse(at - 40, Rrweb.MOUSE_DOWN, nodeId, x, y);
        mouse(at, 0, nodeId, x, y);
        return mouse(at, Rrweb.CLICK, nodeId, x, y);
    }

    /** A click event alone, without its mousedown. */
    public Events bareClick(long at, int nodeId, int x, int y) {
        return mouse(at, Rrweb.CLICK, nodeId, x, y);
    }

    public Events dblClick(long at, int nodeId, int x, int y) {
        return mouse(at, Rrweb.DBL_CLICK, nodeId, x, y);
    }

    public Events mutation(long at) {
        ObjectNode data = incremental(Rrweb.MUTATION);
        data.putArray("adds");
        data.putArray("removes");
        data.putArray("attributes");
        data.putArray("texts").addObject().put("id", 999).put("value", "changed");
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    /** A mutation adding one node under a parent. */
    public Events adding(long at, int parentId, ObjectNode node) {
        ObjectNode data = incremental(Rrweb.MUTATION);
        ObjectNode add = data.putArray("adds").addObject().put("parentId", parentId);
        add.putNull("nextId");
        add.set("node", node);
        data.putArray("removes");
        data.putArray("attributes");
        data.putArray("texts");
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    /**
     * A mutation adding several nodes, each under its own parent (the order given): how rrweb sends a
     * subtree it serialized node by node, parents first.
     */
    public Events addingEach(long at, int[] parentIds, ObjectNode... nodes) {
        ObjectNode data = incremental(Rrweb.MUTATION);
        var adds = data.putArray("adds");
        for (int i = 0; i < nodes.length; i++) {
            ObjectNode add = adds.addObject().put("parentId", parentIds[i]);
            add.putNull("nextId");
            add.set("node", nodes[i]);
        }
        data.putArray("removes");
        data.putArray("attributes");
        data.putArray("texts");
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    public Events removing(long at, int parentId, int nodeId) {
        ObjectNode data = incremental(Rrweb.MUTATION);
        data.putArray("adds");
        data.putArray("removes").addObject().put("parentId", parentId).put("id", nodeId);
        data.putArray("attributes");
        data.putArray("texts");
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    public Events scroll(long at) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.SCROLL).put("id", 1).put("x", 0).put("y", 400));
    }

    /** A scroll of node {@code nodeId} (1: the document) to {@code y}. */
    public Events scrollTo(long at, int nodeId, int y) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.SCROLL).put("id", nodeId).put("x", 0).put("y", y));
    }

    public Events viewportResize(long at, int width, int height) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.VIEWPORT_RESIZE).put("width", width).put("height", height));
    }

    /** What rrweb records when a field's value changes: its id and the value (the engine must never keep it). */
    public Events typed(long at, int nodeId, String value) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.INPUT).put("id", nodeId).put("text", value).put("isChecked", false));
    }

    public Events input(long at, int nodeId) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.INPUT).put("id", nodeId).put("text", "on").put("isChecked", true));
    }

    public Events mouseMove(long at) {
        ObjectNode data = incremental(1);
        data.putArray("positions")
                .addObject()
                .put("x", 10)
                .put("y", 10)
                .put("id", 3)
                .put("timeOffset", 0);
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    /** A text selection within one text node; collapsed (a caret) when from equals to. */
    public Events selection(long at, int textNodeId, int from, int to) {
        ObjectNode data = incremental(Rrweb.SELECTION);
        data.putArray("ranges")
                .addObject()
                .put("start", textNodeId)
                .put("startOffset", from)
                .put("end", textNodeId)
                .put("endOffset", to);
        return add(at, Rrweb.INCREMENTAL_SNAPSHOT, data);
    }

    public Events error(long at, String message) {
        return custom(at, RecorderTags.ERROR, JSON.objectNode().put("message", message));
    }

    public Events hint(
            long at, int nodeId, int x, int y, String tag, String selector, String text, boolean interactive) {
        ObjectNode payload = JSON.objectNode()
                .put("nodeId", nodeId)
                .put("x", x)
                .put("y", y)
                .put("tag", tag)
                .put("selector", selector)
                .put("interactive", interactive);
        if (text != null) {
            payload.put("text", text);
        }
        return custom(at, RecorderTags.CLICK_HINT, payload);
    }

    public Events navigation(long at, String href) {
        return custom(
                at, RecorderTags.NAVIGATION, JSON.objectNode().put("href", href).put("kind", "push"));
    }

    public Events pagehide(long at) {
        return custom(at, RecorderTags.PAGEHIDE, JSON.objectNode());
    }

    public Events identify(long at, String userId) {
        ObjectNode payload = JSON.objectNode().put("userId", userId);
        payload.putObject("traits");
        return custom(at, RecorderTags.IDENTIFY, payload);
    }

    public Events custom(long at, String tag, ObjectNode payload) {
        ObjectNode data = JSON.objectNode().put("tag", tag);
        data.set("payload", payload);
        return add(at, Rrweb.CUSTOM, data);
    }

    public ArrayNode build() {
        return events.deepCopy();
    }

    private Events mouse(long at, int interaction, int nodeId, int x, int y) {
        return add(
                at,
                Rrweb.INCREMENTAL_SNAPSHOT,
                incremental(Rrweb.MOUSE_INTERACTION)
                        .put("type", interaction)
                        .put("id", nodeId)
                        .put("x", x)
                        .put("y", y));
    }

    private static ObjectNode incremental(int source) {
        return JSON.objectNode().put("source", source);
    }

    private Events add(long at, int type, ObjectNode data) {
        ObjectNode event = events.addObject().put("type", type);
        event.set("data", data);
        event.put("timestamp", T0 + at);
        return this;
    }
}
