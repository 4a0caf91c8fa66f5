package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
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
 * most {@link EngineLimits#MAX_INTERACTIVE_NODES}, the earliest forgotten first.
 *
 * <p>Each interactive element is also named from the snapshot (docs/FRUSTRATION.md, "Targets"): the
 * element that made it interactive (the button around the clicked icon) gives a short selector and
 * its accessible name or text, so that clicks recorded without our recorder's hints still read
 * "Place order", not a node id. At most {@link EngineLimits#MAX_NAMED_ELEMENTS} names are kept, the
 * latest learnt.
 *
 * <p>Saved as one string of ids in learning order, each written as its difference from the one
 * before (the first from 0) and {@link Interactivity#OUTSIDE_EFFECT} ones prefixed with {@code ~},
 * an element that inherits its interactivity followed by {@code >} and its distance to the element
 * it inherits from (rrweb numbers a parent before its children): "8,6>2,6,~-3"; the names beside it. A heavy page keeps hundreds of ids, read back and written again on every chunk; one
 * short string costs a fraction of a JSON array of numbers (docs/PERFORMANCE.md). A state saved
 * before as that array (ids in learning order, outside-effect ones negated) is still read.
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

    private static final Set<String> CONTROL_ROLES = Set.of(
            "button",
            "link",
            "menuitem",
            "menuitemcheckbox",
            "menuitemradio",
            "tab",
            "checkbox",
            "radio",
            "switch",
            "option",
            "treeitem");
    private static final Set<String> CONTROL_INPUT_TYPES =
            Set.of("button", "submit", "reset", "image", "checkbox", "radio");
    private static final Set<String> NATIVE_PICKER_INPUT_TYPES =
            Set.of("file", "color", "date", "datetime-local", "month", "week", "time");
    private static final Set<String> SAME_PAGE_TARGETS = Set.of("", "_self", "_top", "_parent");

    private static final char OUTSIDE_EFFECT_MARK = '~';
    private static final char ROOT_MARK = '>';

    private LinkedHashMap<Integer, Interactivity> nodes = newMap(16);
    /** Element → the interactive element it inherits from, for inheriting elements only. */
    private Map<Integer, Integer> rootOf = new HashMap<>();
    /** Interactive elements that are interactive by themselves → their name. */
    private LinkedHashMap<Integer, Name> names = newNames();

    /** What a click on an element names: a short selector and its text (either may be null). */
    record Name(String selector, String text) {}

    private static LinkedHashMap<Integer, Name> newNames() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Name> eldest) {
                return size() > EngineLimits.MAX_NAMED_ELEMENTS;
            }
        };
    }

    /** Sized for what it will hold, so that reading a saved state never grows the table. */
    private static LinkedHashMap<Integer, Interactivity> newMap(int expected) {
        int capacity = (int) Math.min(EngineLimits.MAX_INTERACTIVE_NODES + 1, Math.max(16, expected)) * 4 / 3 + 1;
        return new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Interactivity> eldest) {
                return size() > EngineLimits.MAX_INTERACTIVE_NODES;
            }
        };
    }

    int size() {
        return nodes.size();
    }

    Interactivity of(int nodeId) {
        return nodes.get(nodeId);
    }

    /** The target a click on the node names: the interactive element it belongs to, named, when known. */
    FrustrationTarget target(int clickedNodeId) {
        Integer root = rootOf.get(clickedNodeId);
        int named = root != null && nodes.containsKey(clickedNodeId) ? root : clickedNodeId;
        Name name = names.get(named);
        return name == null
                ? FrustrationTarget.node(clickedNodeId)
                : new FrustrationTarget(named, name.selector(), name.text());
    }

    /** A new full snapshot numbers the page afresh. */
    void learnSnapshot(JsonNode root) {
        clear();
        learnTree(root, null, 0);
    }

    /** Forgets every node and name. */
    void clear() {
        nodes.clear();
        rootOf.clear();
        names.clear();
    }

    /**
     * The adds of one mutation: each {parentId, node}, a parent possibly added in the same batch. Only
     * element adds matter (only elements are remembered, and only they have children): the text nodes
     * an editor or a live table adds by the hundred are passed over before any bookkeeping.
     */
    void learnAdds(JsonNode adds) {
        Map<Integer, JsonNode> added = null;
        Map<Integer, Integer> parentOf = null;
        for (JsonNode add : adds) {
            JsonNode node = add.path("node");
            int id = node.path("id").asInt(-1);
            if (id > 0 && node.path("type").asInt(-1) == Rrweb.ELEMENT_NODE) {
                if (added == null) {
                    added = new LinkedHashMap<>(); // in the order of the adds, the order nodes are learnt
                    parentOf = new HashMap<>();
                }
                added.put(id, node);
                parentOf.put(id, add.path("parentId").asInt(-1));
            }
        }
        if (added == null) {
            return;
        }
        Map<Integer, Interactivity> resolved = new HashMap<>();
        for (Map.Entry<Integer, JsonNode> element : added.entrySet()) {
            Integer parent = parentOf.get(element.getKey());
            Interactivity inherited = inherited(parent, added, parentOf, resolved);
            learnTree(element.getValue(), inherited, inherited == null ? 0 : rootFor(parent));
        }
    }

    /** The element an element added under `parentId` inherits from: the parent's own root, or the parent. */
    private int rootFor(Integer parentId) {
        if (parentId == null || parentId <= 0) {
            return 0;
        }
        return rootOf.getOrDefault(parentId, parentId);
    }

    void forget(int nodeId) {
        nodes.remove(nodeId);
        rootOf.remove(nodeId);
        names.remove(nodeId);
    }

    TextNode save() {
        StringBuilder text = new StringBuilder(nodes.size() * 4);
        long previous = 0;
        for (Map.Entry<Integer, Interactivity> node : nodes.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            if (node.getValue() == Interactivity.OUTSIDE_EFFECT) {
                text.append(OUTSIDE_EFFECT_MARK);
            }
            long id = node.getKey();
            text.append(id - previous);
            Integer root = rootOf.get(node.getKey());
            if (root != null && root < node.getKey()) {
                text.append(ROOT_MARK).append(id - root);
            }
            previous = id;
        }
        return JsonNodeFactory.instance.textNode(text.toString());
    }

    /** The names, as [id, selector, text] triples in learning order. */
    ArrayNode saveNames() {
        ArrayNode saved = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Integer, Name> name : names.entrySet()) {
            saved.addArray()
                    .add(name.getKey())
                    .add(name.getValue().selector())
                    .add(name.getValue().text());
        }
        return saved;
    }

    void restoreNames(JsonNode saved) {
        names = newNames();
        for (JsonNode entry : saved) {
            int id = entry.path(0).asInt(0);
            if (id > 0) {
                names.put(
                        id,
                        new Name(
                                textOrNull(entry.path(1), EngineLimits.MAX_NAME_SELECTOR_CHARS),
                                textOrNull(entry.path(2), EngineLimits.MAX_TEXT_CHARS)));
            }
        }
    }

    private static String textOrNull(JsonNode value, int maxChars) {
        return value.isTextual() ? BoundedText.clip(value.asText(), maxChars) : null;
    }

    void restore(JsonNode saved) {
        rootOf = new HashMap<>();
        if (saved.isTextual()) {
            restoreText(saved.asText());
        } else {
            nodes = newMap(saved.size());
            for (JsonNode id : saved) {
                int value = id.asInt();
                if (value != 0) {
                    nodes.put(Math.abs(value), value > 0 ? Interactivity.CONTROL : Interactivity.OUTSIDE_EFFECT);
                }
            }
        }
    }

    /** Reads what {@link #save()} wrote; a malformed entry ends the reading (what came before is kept). */
    private void restoreText(String text) {
        int entries = text.isEmpty() ? 0 : 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                entries++;
            }
        }
        nodes = newMap(entries);
        long previous = 0;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf(',', at);
            if (end < 0) {
                end = text.length();
            }
            Interactivity interactivity = Interactivity.CONTROL;
            int start = at;
            if (text.charAt(start) == OUTSIDE_EFFECT_MARK) {
                interactivity = Interactivity.OUTSIDE_EFFECT;
                start++;
            }
            int rootMark = text.indexOf(ROOT_MARK, start);
            int idEnd = rootMark >= 0 && rootMark < end ? rootMark : end;
            long id;
            long rootDistance = 0;
            try {
                id = previous + Long.parseLong(text, start, idEnd, 10);
                if (idEnd < end) {
                    rootDistance = Long.parseLong(text, idEnd + 1, end, 10);
                }
            } catch (NumberFormatException e) {
                return;
            }
            if (id > 0 && id <= Integer.MAX_VALUE) {
                nodes.put((int) id, interactivity);
                if (rootDistance > 0 && rootDistance < id) {
                    rootOf.put((int) id, (int) (id - rootDistance));
                }
            }
            previous = id;
            at = end + 1;
        }
    }

    /**
     * What a node added under parentId inherits: the parent's own interactivity, looked up first
     * among the nodes added in the same batch (walking up their chain), then among those known.
     */
    private Interactivity inherited(
            Integer parentId,
            Map<Integer, JsonNode> added,
            Map<Integer, Integer> parentOf,
            Map<Integer, Interactivity> resolved) {
        Deque<Integer> chain = new ArrayDeque<>();
        Integer current = parentId;
        Interactivity found = null;
        while (current != null
                && current > 0
                && added.containsKey(current)
                && !resolved.containsKey(current)
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

    /** A node still to walk, with the interactivity it inherits and the element it inherits it from (0: none). */
    private record Pending(JsonNode node, Interactivity inherited, int root) {}

    /** Walks a serialized subtree without recursion: pages nest deeper than a thread's stack allows. */
    private void learnTree(JsonNode root, Interactivity inheritedByRoot, int rootOfRoot) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, inheritedByRoot, rootOfRoot));
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            JsonNode node = next.node();
            boolean isElement = node.path("type").asInt(-1) == Rrweb.ELEMENT_NODE;
            Interactivity own = isElement ? classifyElement(node) : null;
            Interactivity effective = own != null ? own : next.inherited();
            int id = node.path("id").asInt(-1);
            int childrenRoot = next.root();
            if (isElement && effective != null && id > 0) {
                nodes.remove(id);
                nodes.put(id, effective);
                rootOf.remove(id);
                if (own != null) {
                    names.remove(id);
                    names.put(id, ElementNames.of(node));
                    childrenRoot = id;
                } else if (next.root() > 0) {
                    rootOf.put(id, next.root());
                }
            }
            JsonNode children = node.get("childNodes");
            if (children != null) {
                for (Iterator<JsonNode> it = children.elements(); it.hasNext(); ) {
                    pending.push(new Pending(it.next(), effective, childrenRoot));
                }
            }
        }
    }

    static Interactivity classify(JsonNode element) {
        return element.path("type").asInt(-1) == Rrweb.ELEMENT_NODE ? classifyElement(element) : null;
    }

    /**
     * Reads the attributes in one pass over the few an element has, not one lookup per attribute
     * the rules name: this runs for every element of a full snapshot.
     */
    private static Interactivity classifyElement(JsonNode element) {
        String tag = element.path("tagName").asText("").toLowerCase(Locale.ROOT);
        String inputType = "text";
        String role = "";
        String editable = null;
        String target = "";
        boolean hasHref = false;
        boolean hasDownload = false;
        boolean hasOnclick = false;
        JsonNode attributes = element.get("attributes");
        if (attributes != null && attributes.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = it.next();
                JsonNode value = attribute.getValue();
                switch (attribute.getKey()) {
                    case "type" -> inputType = value.asText("text").toLowerCase(Locale.ROOT);
                    case "role" -> role = firstToken(value.asText(""));
                    case "contenteditable" -> editable = value.asText(null);
                    case "target" -> target = value.asText("").toLowerCase(Locale.ROOT);
                    case "href" -> hasHref = !value.isNull();
                    case "download" -> hasDownload = true;
                    case "onclick" -> hasOnclick = true;
                    default -> {}
                }
            }
        }
        boolean isLink = tag.equals("a") && hasHref;

        if (tag.equals("select")
                || tag.equals("label")
                || (tag.equals("input") && NATIVE_PICKER_INPUT_TYPES.contains(inputType))
                || (isLink && (hasDownload || !SAME_PAGE_TARGETS.contains(target)))
                || (editable != null && !editable.equalsIgnoreCase("false"))) {
            return Interactivity.OUTSIDE_EFFECT;
        }
        if (tag.equals("button")
                || tag.equals("summary")
                || isLink
                || (tag.equals("input") && CONTROL_INPUT_TYPES.contains(inputType))
                || CONTROL_ROLES.contains(role)
                || hasOnclick) {
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
