package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a recorded URL keeps: no fragment, and of its query string only the parameters the tenant's
 * {@code urlQueryAllowList} names (docs/SECURITY.md, "URLs"). Query strings and fragments carry tokens,
 * e-mail addresses and, after a GET form, whatever the visitor typed. The recorder applies the same rule
 * in the browser (recorder-sdk/src/urls.ts); the server applies it again to every chunk before it is
 * stored, so an older recorder or a hand-made request cannot put a secret into S3, the session index
 * or the API:
 * <ul>
 *   <li>{@code meta.url} and {@code meta.referrer}, the Meta event's {@code href}, the {@code navigation}
 *       event's {@code href}, the {@code network} event's {@code url} and the {@code error} event's
 *       {@code source}, whatever their origin;</li>
 *   <li>the {@code href}, {@code src}, {@code action} and {@code formaction} attributes of the full
 *       snapshot and of mutations, when they point at the recorded page's own origin (or are relative).
 *       Other origins' URLs are left alone: they are the images, fonts and styles the replay loads.</li>
 * </ul>
 * Parameter names are compared as they appear in the URL, not decoded; an entry ending in {@code *} keeps
 * every name that starts with what precedes it ({@code utm_*}).
 */
public final class RecordedUrls {
    public static final int MAX_ALLOW_LIST = 50;
    /** A parameter name (or a prefix followed by {@code *}): what a tenant may put in its allow-list. */
    public static final Pattern ALLOW_LIST_ENTRY = Pattern.compile("[A-Za-z0-9_.~\\[\\]-]{1,64}\\*?");

    static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction");
    private static final int META = 4;
    private static final int FULL_SNAPSHOT = 2;
    private static final int INCREMENTAL_SNAPSHOT = 3;
    private static final int MUTATION = 0;
    private static final int CUSTOM = 5;

    private RecordedUrls() {}

    /** The URL without its fragment and without the query parameters {@code allowList} does not name. */
    public static String scrub(String url, List<String> allowList) {
        int hash = url.indexOf('#');
        String rest = hash < 0 ? url : url.substring(0, hash);
        int question = rest.indexOf('?');
        if (question < 0) {
            return rest;
        }
        StringBuilder kept = new StringBuilder(rest.length()).append(rest, 0, question);
        char separator = '?';
        for (String parameter : rest.substring(question + 1).split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!name.isEmpty() && keeps(allowList, name)) {
                kept.append(separator).append(parameter);
                separator = '&';
            }
        }
        return kept.toString();
    }

    static boolean keeps(List<String> allowList, String name) {
        for (String entry : allowList) {
            boolean kept =
                    entry.endsWith("*") ? name.startsWith(entry.substring(0, entry.length() - 1)) : name.equals(entry);
            if (kept) {
                return true;
            }
        }
        return false;
    }

    /**
     * The chunk with every recorded URL scrubbed. A chunk that needed nothing (what the recorder sends)
     * is returned as it is, its bytes untouched; otherwise its events and meta are changed and its gzip
     * bytes written anew from them.
     */
    public static Chunk scrub(Chunk chunk, List<String> allowList) {
        Scrubber scrubber = new Scrubber(allowList);
        JsonNode meta = chunk.meta();
        if (meta != null && meta.isObject()) {
            scrubber.field((ObjectNode) meta, "url");
            scrubber.field((ObjectNode) meta, "referrer");
            scrubber.origin = originOf(meta.path("url").asText(null));
        }
        for (JsonNode event : chunk.events()) {
            if (event.isObject()) {
                scrubber.event(event);
            }
        }
        if (!scrubber.changed) {
            return chunk;
        }
        ObjectNode envelope = Json.object().put("sessionId", chunk.sessionId()).put("seq", chunk.seq());
        envelope.set("events", chunk.events());
        if (meta != null) {
            envelope.set("meta", meta);
        }
        byte[] gzip = ChunkParser.gzip(envelope);
        return new Chunk(
                chunk.sessionId(),
                chunk.seq(),
                chunk.events(),
                meta,
                chunk.firstTimestamp(),
                chunk.lastTimestamp(),
                chunk.userIds(),
                chunk.namesAssets(),
                gzip);
    }

    /** {@code https://shop.example:8443} of a URL, or null when it is not an absolute http(s) URL. */
    static String originOf(String url) {
        if (url == null) {
            return null;
        }
        int separator = url.indexOf("://");
        // http or https, any case; no regex: this runs for every absolute URL of a snapshot
        if ((separator != 4 && separator != 5) || !url.regionMatches(true, 0, "https", 0, separator)) {
            return null;
        }
        int end = separator + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(0, end);
    }

    /** Whether the URL starts with a scheme ({@code [A-Za-z][A-Za-z0-9+.-]*:}), scanned without a regex. */
    static boolean hasScheme(String url) {
        if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
            return false;
        }
        for (int i = 1; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return true;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** One chunk's walk: the page's origin as the events move from page to page, and whether anything changed. */
    private static final class Scrubber {
        private final List<String> allowList;
        private String origin;
        private boolean changed;

        Scrubber(List<String> allowList) {
            this.allowList = allowList;
        }

        void event(JsonNode event) {
            JsonNode data = event.get("data");
            if (data == null || !data.isObject()) {
                return;
            }
            switch (event.path("type").asInt(-1)) {
                case META -> {
                    field((ObjectNode) data, "href");
                    String href = data.path("href").asText(null);
                    if (originOf(href) != null) {
                        origin = originOf(href);
                    }
                }
                case FULL_SNAPSHOT -> nodes(data.get("node"));
                case INCREMENTAL_SNAPSHOT -> {
                    if (data.path("source").asInt(-1) == MUTATION) {
                        data.path("adds").forEach(add -> nodes(add.get("node")));
                        data.path("attributes").forEach(change -> attributes(change.get("attributes")));
                    }
                }
                case CUSTOM -> {
                    JsonNode payload = data.get("payload");
                    if (payload != null && payload.isObject()) {
                        switch (data.path("tag").asText("")) {
                            case "navigation" -> field((ObjectNode) payload, "href");
                            case "network" -> field((ObjectNode) payload, "url");
                            case "error" -> field((ObjectNode) payload, "source");
                            default -> {}
                        }
                    }
                }
                default -> {}
            }
        }

        /** A serialized DOM subtree, walked without recursion: pages nest deeper than a thread's stack allows. */
        void nodes(JsonNode root) {
            Deque<JsonNode> todo = new ArrayDeque<>();
            if (root != null) {
                todo.push(root);
            }
            while (!todo.isEmpty()) {
                JsonNode node = todo.pop();
                attributes(node.get("attributes"));
                JsonNode children = node.get("childNodes");
                if (children != null && children.isArray()) {
                    children.forEach(todo::push);
                }
            }
        }

        void attributes(JsonNode attributes) {
            if (attributes == null || !attributes.isObject()) {
                return;
            }
            for (String name : URL_ATTRIBUTES) {
                JsonNode value = attributes.get(name);
                if (value != null && value.isTextual() && sameOrigin(value.asText())) {
                    field((ObjectNode) attributes, name);
                }
            }
        }

        boolean sameOrigin(String url) {
            boolean relative = !hasScheme(url) && !url.startsWith("//");
            return relative || (origin != null && origin.equalsIgnoreCase(originOf(url)));
        }

        void field(ObjectNode holder, String name) {
            JsonNode value = holder.get(name);
            if (value == null || !value.isTextual()) {
                return;
            }
            String scrubbed = scrub(value.asText(), allowList);
            if (!scrubbed.equals(value.asText())) {
                holder.put(name, scrubbed);
                changed = true;
            }
        }
    }
}
