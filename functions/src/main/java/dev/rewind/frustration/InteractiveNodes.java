package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The interactive elements of the current page, by rrweb node id, learnt from full snapshots and
 * mutation adds; an element inside an interactive one (the icon in a button) counts as it. At
 * most {@link EngineLimits#MAX_INTERACTIVE_NODES}, the earliest forgotten first. Saved as one
 * JSON array of ids in learning order, {@link Interactivity#OUTSIDE_EFFECT} ids negated.
 */
final class InteractiveNodes {

    enum Interactivity {
        /** A click is expected to change the page: a dead-click candidate. */
        CONTROL,
        /**
         * Interactive, but the effect of a click may never reach the DOM: a native picker (select,
         * file and date inputs), a new tab or a download, the focus a label gives its field, an
         * editable area. Never dead.
         */
        OUTSIDE_EFFECT
    }

    private static final Set<String> CONTROL_ROLES = Set.of("button", "link", "menuitem", "menuitemcheckbox",
            "menuitemradio", "tab", "checkbox", "radio", "switch", "option", "treeitem");
    private static final Set<String> CONTROL_INPUT_TYPES = Set.of("button", "submit", "reset", "image", "checkbox",
            "radio");
    private static final Set<String> NATIVE_PICKER_INPUT_TYPES = Set.of("file", "color", "date", "datetime-local",
            "month", "week", "time");
    private static final Set<String> SAME_PAGE_TARGETS = Set.of("", "_self", "_top", "_parent");

    private final LinkedHashMap<Integer, Interactivity> nodes = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Interactivity> eldest) {
            return size() > EngineLimits.MAX_INTERACTIVE_NODES;
        }
    };

    Interactivity of(int nodeId) {
        return nodes.get(nodeId);
    }

    /** A new full snapshot numbers the page afresh. */
    void learnSnapshot(JsonNode root) {
        nodes.clear();
        learnTree(root, null);
    }

    /** The adds of one mutation: each {parentId, node}, a parent possibly added in the same batch. */
    void learnAdds(JsonNode adds) {
        if (adds.isEmpty()) {
            return;
        }
        Map<Integer, JsonNode> added = new HashMap<>();
        Map<Integer, Integer> parentOf = new HashMap<>();
        for (JsonNode add : adds) {
            JsonNode node = add.path("node");
            int id = node.path("id").asInt(-1);
            if (id > 0) {
                added.put(id, node);
                parentOf.put(id, add.path("parentId").asInt(-1));
            }
        }
        Map<Integer, Interactivity> resolved = new HashMap<>();
        for (JsonNode add : adds) {
            JsonNode node = add.path("node");
            int id = node.path("id").asInt(-1);
            if (id > 0) {
                learnTree(node, inherited(parentOf.get(id), added, parentOf, resolved));
            }
        }
    }

    void forget(int nodeId) {
        nodes.remove(nodeId);
    }

    ArrayNode save() {
        ArrayNode ids = JsonNodeFactory.instance.arrayNode(nodes.size());
        nodes.forEach((id, interactivity) -> ids.add(interactivity == Interactivity.CONTROL ? id : -id));
        return ids;
    }

    void restore(JsonNode ids) {
        nodes.clear();
        for (JsonNode id : ids) {
            int value = id.asInt();
            if (value != 0) {
                nodes.put(Math.abs(value), value > 0 ? Interactivity.CONTROL : Interactivity.OUTSIDE_EFFECT);
            }
        }
    }

    /**
     * What a node added under parentId inherits: the parent's own interactivity, looked up first
     * among the nodes added in the same batch (walking up their chain), then among those known.
     */
    private Interactivity inherited(Integer parentId, Map<Integer, JsonNode> added, Map<Integer, Integer> parentOf,
                                    Map<Integer, Interactivity> resolved) {
        Deque<Integer> chain = new ArrayDeque<>();
        Integer current = parentId;
        Interactivity found = null;
        while (current != null && current > 0 && added.containsKey(current) && !resolved.containsKey(current)
                && chain.size() < added.size()) {
            Interactivity own = classify(added.get(current));
            if (own != null) {
                found = own;
                break;
            }
            chain.push(current);
            current = parentOf.get(current);
        }
        if (found == null && current != null) {
            found = resolved.containsKey(current) ? resolved.get(current) : nodes.get(current);
        }
        while (!chain.isEmpty()) {
            resolved.put(chain.pop(), found);
        }
        return found;
    }

    private record Pending(JsonNode node, Interactivity inherited) {}

    /** Walks a serialized subtree without recursion: pages nest deeper than a thread's stack allows. */
    private void learnTree(JsonNode root, Interactivity inheritedByRoot) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, inheritedByRoot));
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            JsonNode node = next.node();
            boolean isElement = node.path("type").asInt(-1) == Rrweb.ELEMENT_NODE;
            Interactivity own = isElement ? classify(node) : null;
            Interactivity effective = own != null ? own : next.inherited();
            int id = node.path("id").asInt(-1);
            if (isElement && effective != null && id > 0) {
                nodes.remove(id);
                nodes.put(id, effective);
            }
            for (Iterator<JsonNode> it = node.path("childNodes").elements(); it.hasNext(); ) {
                pending.push(new Pending(it.next(), effective));
            }
        }
    }

    static Interactivity classify(JsonNode element) {
        if (element.path("type").asInt(-1) != Rrweb.ELEMENT_NODE) {
            return null;
        }
        String tag = element.path("tagName").asText("").toLowerCase(Locale.ROOT);
        JsonNode attributes = element.path("attributes");
        String inputType = attributes.path("type").asText("text").toLowerCase(Locale.ROOT);
        String role = firstToken(attributes.path("role").asText(""));
        String editable = attributes.path("contenteditable").asText(null);
        boolean isLink = tag.equals("a") && attributes.hasNonNull("href");

        if (tag.equals("select") || tag.equals("label")
                || (tag.equals("input") && NATIVE_PICKER_INPUT_TYPES.contains(inputType))
                || (isLink && (attributes.has("download")
                        || !SAME_PAGE_TARGETS.contains(attributes.path("target").asText("").toLowerCase(Locale.ROOT))))
                || (editable != null && !editable.equalsIgnoreCase("false"))) {
            return Interactivity.OUTSIDE_EFFECT;
        }
        if (tag.equals("button") || tag.equals("summary") || isLink
                || (tag.equals("input") && CONTROL_INPUT_TYPES.contains(inputType))
                || CONTROL_ROLES.contains(role)
                || attributes.has("onclick")) {
            return Interactivity.CONTROL;
        }
        return null;
    }

    /** The first whitespace-separated token, lower-cased, without a regex: this runs for every node of a snapshot. */
    private static String firstToken(String value) {
        if (value.isEmpty()) {
            return value;
        }
        int start = 0;
        while (start < value.length() && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
            end++;
        }
        return value.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** Interactivity judged from a click hint's tag alone, for elements the snapshot did not show. */
    static boolean hasOutsideEffect(String hintTag) {
        return hintTag != null && (hintTag.equalsIgnoreCase("select") || hintTag.equalsIgnoreCase("label"));
    }
}
