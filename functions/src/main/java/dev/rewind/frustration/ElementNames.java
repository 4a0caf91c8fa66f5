package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The name of an interactive element of a snapshot, as a person would say it: its accessible name
 * (aria-label, else its text, else title, alt or a button's value) and a short selector (tag#id, or
 * the tag and up to two classes). Text is what the recording holds: text rrweb masked stays masked.
 */
final class ElementNames {
    private ElementNames() {}

    /** Nodes of the element's subtree read for its text, at most: a huge "button" costs no more. */
    private static final int MAX_TEXT_NODES_READ = 200;

    static InteractiveNodes.Name of(JsonNode element) {
        JsonNode attributes = element.path("attributes");
        String text = firstPresent(
                attribute(attributes, "aria-label"),
                textOf(element),
                attribute(attributes, "title"),
                attribute(attributes, "alt"),
                isButtonInput(element, attributes) ? attribute(attributes, "value") : null);
        return new InteractiveNodes.Name(
                BoundedText.clip(selectorOf(element, attributes), EngineLimits.MAX_NAME_SELECTOR_CHARS),
                text == null ? null : BoundedText.clip(text, EngineLimits.MAX_TEXT_CHARS));
    }

    /**
     * The name of a form field: a selector (tag#id, else tag[name=…], else the tag and two classes) and a
     * label-like attribute (aria-label, placeholder, name, title). Never its {@code value}: that is what was typed.
     */
    static InteractiveNodes.Name ofField(JsonNode element) {
        JsonNode attributes = element.path("attributes");
        String tag = element.path("tagName").asText("").toLowerCase(Locale.ROOT);
        String name = attribute(attributes, "name");
        String selector = attribute(attributes, "id") == null && name != null
                ? tag + "[name=\"" + name.trim() + "\"]"
                : selectorOf(element, attributes);
        String text = firstPresent(
                attribute(attributes, "aria-label"),
                attribute(attributes, "placeholder"),
                name,
                attribute(attributes, "title"));
        return new InteractiveNodes.Name(
                BoundedText.clip(selector, EngineLimits.MAX_NAME_SELECTOR_CHARS),
                text == null ? null : BoundedText.clip(text, EngineLimits.MAX_TEXT_CHARS));
    }

    private static String selectorOf(JsonNode element, JsonNode attributes) {
        String tag = element.path("tagName").asText("").toLowerCase(Locale.ROOT);
        String id = attribute(attributes, "id");
        if (id != null) {
            return tag + "#" + id.trim();
        }
        StringBuilder selector = new StringBuilder(tag);
        String classes = attribute(attributes, "class");
        if (classes != null) {
            int added = 0;
            for (String c : classes.trim().split("\\s+")) {
                if (!c.isEmpty() && added++ < 2) {
                    selector.append('.').append(c);
                }
            }
        }
        return selector.toString();
    }

    /** The subtree's text in document order, whitespace collapsed, up to the kept length (scripts and styles skipped). */
    private static String textOf(JsonNode element) {
        StringBuilder text = new StringBuilder();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(element);
        int read = 0;
        while (!pending.isEmpty() && read++ < MAX_TEXT_NODES_READ && text.length() <= EngineLimits.MAX_TEXT_CHARS) {
            JsonNode node = pending.pop();
            int type = node.path("type").asInt(-1);
            if (type == Rrweb.TEXT_NODE) {
                appendCollapsed(text, node.path("textContent").asText(""));
            } else if (type == Rrweb.ELEMENT_NODE) {
                String tag = node.path("tagName").asText("").toLowerCase(Locale.ROOT);
                if (tag.equals("script") || tag.equals("style")) {
                    continue;
                }
                JsonNode children = node.path("childNodes");
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
        }
        String result = text.toString().trim();
        return result.isEmpty() ? null : result;
    }

    private static void appendCollapsed(StringBuilder text, String value) {
        for (int i = 0; i < value.length() && text.length() <= EngineLimits.MAX_TEXT_CHARS; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                    text.append(' ');
                }
            } else {
                text.append(c);
            }
        }
        if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
            text.append(' ');
        }
    }

    private static boolean isButtonInput(JsonNode element, JsonNode attributes) {
        String type = attribute(attributes, "type");
        return element.path("tagName").asText("").equalsIgnoreCase("input")
                && type != null
                && (type.equalsIgnoreCase("submit")
                        || type.equalsIgnoreCase("button")
                        || type.equalsIgnoreCase("reset"));
    }

    private static String attribute(JsonNode attributes, String name) {
        JsonNode value = attributes.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
