package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Clicks that chain as one intent: each less than the rage interval after the previous one and
 * within the rage radius of the first. A group yields at most one rage click (when it is long
 * enough), one dead click (when no click of it got an answer) and one error click, so a burst
 * on a broken button is one rage click and one dead click, not one per click.
 */
final class ClickGroup {
    final long firstAt;
    final int firstX;
    final int firstY;
    long lastAt;
    int lastX;
    int lastY;
    int lastNodeId;
    int clicks;
    /** The target of the first click: rage and dead clicks name it. */
    FrustrationTarget target;
    /** The target of the latest click: an error click names it. */
    FrustrationTarget lastTarget;

    boolean lastClickHinted;
    /** Still taking clicks: no click or time has broken the chain yet. */
    boolean open = true;

    boolean doubleClicked;
    boolean selectedText;
    /** The first click was on a control whose effect should show in the page. */
    boolean deadCandidate;
    /** A mutation, input, media change, early scroll or navigation followed a click of the group. */
    boolean answered;

    boolean deadReported;
    boolean errorReported;

    ClickGroup(long at, int x, int y, int nodeId, FrustrationTarget target, boolean hinted) {
        this.firstAt = at;
        this.firstX = x;
        this.firstY = y;
        this.lastAt = at;
        this.lastX = x;
        this.lastY = y;
        this.lastNodeId = nodeId;
        this.clicks = 1;
        this.target = target;
        this.lastTarget = target;
        this.lastClickHinted = hinted;
    }

    void addClick(long at, int x, int y, int nodeId, FrustrationTarget clickTarget, boolean hinted) {
        lastAt = at;
        lastX = x;
        lastY = y;
        lastNodeId = nodeId;
        lastTarget = clickTarget;
        lastClickHinted = hinted;
        clicks++;
    }

    /** Every dead-click question of this group has its answer. */
    boolean settled() {
        return !open && (!deadCandidate || answered || deadReported);
    }

    ObjectNode save() {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("firstAt", firstAt)
                .put("firstX", firstX)
                .put("firstY", firstY)
                .put("lastAt", lastAt)
                .put("lastX", lastX)
                .put("lastY", lastY)
                .put("lastNodeId", lastNodeId)
                .put("clicks", clicks);
        node.set("target", saveTarget(target));
        if (!lastTarget.equals(target)) {
            node.set("lastTarget", saveTarget(lastTarget));
        }
        putIfTrue(node, "lastClickHinted", lastClickHinted);
        putIfTrue(node, "open", open);
        putIfTrue(node, "doubleClicked", doubleClicked);
        putIfTrue(node, "selectedText", selectedText);
        putIfTrue(node, "deadCandidate", deadCandidate);
        putIfTrue(node, "answered", answered);
        putIfTrue(node, "deadReported", deadReported);
        putIfTrue(node, "errorReported", errorReported);
        return node;
    }

    static ClickGroup restore(JsonNode saved) {
        FrustrationTarget target = restoreTarget(saved.path("target"));
        ClickGroup group = new ClickGroup(
                saved.path("firstAt").asLong(),
                saved.path("firstX").asInt(),
                saved.path("firstY").asInt(),
                saved.path("lastNodeId").asInt(),
                target,
                false);
        group.lastAt = saved.path("lastAt").asLong();
        group.lastX = saved.path("lastX").asInt();
        group.lastY = saved.path("lastY").asInt();
        group.clicks = saved.path("clicks").asInt(1);
        group.lastTarget = saved.has("lastTarget") ? restoreTarget(saved.get("lastTarget")) : target;
        group.lastClickHinted = saved.path("lastClickHinted").asBoolean();
        group.open = saved.path("open").asBoolean();
        group.doubleClicked = saved.path("doubleClicked").asBoolean();
        group.selectedText = saved.path("selectedText").asBoolean();
        group.deadCandidate = saved.path("deadCandidate").asBoolean();
        group.answered = saved.path("answered").asBoolean();
        group.deadReported = saved.path("deadReported").asBoolean();
        group.errorReported = saved.path("errorReported").asBoolean();
        return group;
    }

    private static void putIfTrue(ObjectNode node, String field, boolean value) {
        if (value) {
            node.put(field, true);
        }
    }

    static ObjectNode saveTarget(FrustrationTarget target) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("nodeId", target.nodeId());
        if (target.selector() != null) {
            node.put("selector", target.selector());
        }
        if (target.text() != null) {
            node.put("text", target.text());
        }
        return node;
    }

    static FrustrationTarget restoreTarget(JsonNode saved) {
        return new FrustrationTarget(
                saved.path("nodeId").asInt(),
                saved.hasNonNull("selector") ? saved.get("selector").asText() : null,
                saved.hasNonNull("text") ? saved.get("text").asText() : null);
    }
}
