package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recorder's description of a clicked element (custom event {@link RecorderTags#CLICK_HINT}),
 * kept only in the fields the engine uses.
 *
 * @param at          timestamp of the hint event; the click it describes has the same one
 * @param nodeId      rrweb id of the described element (the interactive ancestor of the target)
 * @param interactive whether the recorder judged the element clickable
 * @param neverDead   the recorder's judgement that a click's effect may never reach the DOM (a native
 *                    picker, a new tab or a download, a label, an editable area; docs/FRUSTRATION.md); null
 *                    when the hint does not say (older recorders, other tools)
 */
record ClickHint(
        long at, int nodeId, String tag, String selector, String text, boolean interactive, Boolean neverDead) {

    static ClickHint parse(long at, JsonNode payload) {
        return new ClickHint(
                at,
                payload.path("nodeId").asInt(0),
                textOrNull(payload.get("tag"), 32),
                textOrNull(payload.get("selector"), EngineLimits.MAX_SELECTOR_CHARS),
                textOrNull(payload.get("text"), EngineLimits.MAX_TEXT_CHARS),
                payload.path("interactive").asBoolean(false),
                payload.path("neverDead").isBoolean() ? payload.get("neverDead").asBoolean() : null);
    }

    /** Carries both judgements a dead click needs, so the snapshot need not be asked. */
    boolean complete() {
        return neverDead != null;
    }

    /** The target the hint names, or the clicked node when the hint names none. */
    FrustrationTarget target(int clickedNodeId) {
        return new FrustrationTarget(nodeId > 0 ? nodeId : clickedNodeId, selector, text);
    }

    ObjectNode save() {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("at", at)
                .put("nodeId", nodeId)
                .put("interactive", interactive);
        if (neverDead != null) {
            node.put("neverDead", neverDead);
        }
        if (tag != null) {
            node.put("tag", tag);
        }
        if (selector != null) {
            node.put("selector", selector);
        }
        if (text != null) {
            node.put("text", text);
        }
        return node;
    }

    static ClickHint restore(JsonNode saved) {
        return parse(saved.path("at").asLong(), saved);
    }

    private static String textOrNull(JsonNode value, int maxChars) {
        return value != null && value.isTextual() && !value.asText().isEmpty()
                ? BoundedText.clip(value.asText(), maxChars)
                : null;
    }
}
