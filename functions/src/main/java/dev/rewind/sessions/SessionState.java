package dev.rewind.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.BoundedText;
import dev.rewind.frustration.Frustration;
import dev.rewind.frustration.FrustrationTarget;
import dev.rewind.frustration.FrustrationType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Everything carried from one chunk of a session to the next: the session's metadata for the
 * list (docs/ARCHITECTURE.md), its frustrations, and the frustration engine's working state. Stored as one
 * JSON string on the session's DynamoDB item.
 *
 * <p>Bounded: at most {@link SessionLimits#MAX_URLS} URLs of {@link SessionLimits#MAX_URL_CHARS}
 * chars, {@link SessionLimits#MAX_FRUSTRATIONS_PER_TYPE} frustrations per type (the earliest), an
 * engine state of at most {@link SessionLimits#MAX_ENGINE_STATE_BYTES}; in all
 * {@link SessionLimits#MAX_STATE_BYTES} of JSON at the very worst (every list full of the longest
 * strings in 3-byte characters), a few KB for a usual session. Counts stay exact past the bounds.
 */
public final class SessionState {

    private static final int FORMAT_VERSION = 1;

    long startedAt;
    long endedAt;
    String entryUrl;
    final List<String> urls = new ArrayList<>();
    /** The page being viewed, to count page views when it changes. */
    String currentUrl;

    int pageCount;
    int eventCount;
    int clickCount;
    int errorCount;
    int chunkCount;
    String userId;
    String browser;
    String os;
    String device;
    /** The session this one was opened from (its tab was copied from that session's tab), or null. */
    String openerSessionId;

    private final Map<FrustrationType, Integer> frustrationCounts = new EnumMap<>(FrustrationType.class);
    /** Sorted by timestamp; offsets are computed on reading, from the session's start. */
    private final List<Frustration> frustrations = new ArrayList<>();
    /** When each page view began, in order, at most {@link SessionLimits#MAX_URLS} (insights name a frustration's page by it). */
    private final List<PageView> pageViews = new ArrayList<>();

    /** The error groups the session hit, in order of their first occurrence, at most {@link SessionLimits#MAX_ERROR_GROUPS}. */
    private final List<SessionError> errorGroups = new ArrayList<>();

    JsonNode engineState;

    /**
     * One JavaScript error group a session hit (docs/INSIGHTS.md, "Error groups"): its id
     * ({@link ErrorFingerprint}), how often, when first and last (epoch ms), and the first
     * occurrence's message and stack as the sample (bounded, no query strings; stack null without one), both
     * null once the session's save counted the group (the group's item has its sample).
     */
    public record SessionError(String groupId, int count, long firstAt, long lastAt, String message, String stack) {}

    /** A page view: its first event's timestamp (epoch ms) and its URL, one of {@link #urls()}. */
    public record PageView(long at, String url) {}

    private SessionState() {}

    public static SessionState empty() {
        return new SessionState();
    }

    public long startedAt() {
        return startedAt;
    }

    public long endedAt() {
        return endedAt;
    }

    public long durationMs() {
        return Math.max(0, endedAt - startedAt);
    }

    public String entryUrl() {
        return entryUrl;
    }

    /** Distinct URLs in visiting order, at most {@link SessionLimits#MAX_URLS}. */
    public List<String> urls() {
        return Collections.unmodifiableList(urls);
    }

    /**
     * The URL of the page viewed last: where the visitor left (the session's story, docs/FRUSTRATION.md,
     * "Session story"); null before any URL.
     */
    public String exitUrl() {
        return currentUrl;
    }

    /** Page views: the first page and every change of URL (page load or navigation event). */
    public int pageCount() {
        return pageCount;
    }

    public int eventCount() {
        return eventCount;
    }

    public int clickCount() {
        return clickCount;
    }

    public int rageClickCount() {
        return count(FrustrationType.RAGE_CLICK);
    }

    public int deadClickCount() {
        return count(FrustrationType.DEAD_CLICK);
    }

    public int errorClickCount() {
        return count(FrustrationType.ERROR_CLICK);
    }

    public int errorCount() {
        return errorCount;
    }

    /** The codes of the frustration types the session has, sorted. */
    public SortedSet<String> flags() {
        SortedSet<String> flags = new TreeSet<>();
        frustrationCounts.forEach((type, count) -> {
            if (count > 0) {
                flags.add(type.code());
            }
        });
        return flags;
    }

    public String userId() {
        return userId;
    }

    public String browser() {
        return browser;
    }

    public String os() {
        return os;
    }

    public String device() {
        return device;
    }

    public String openerSessionId() {
        return openerSessionId;
    }

    /** The earliest {@link SessionLimits#MAX_FRUSTRATIONS_PER_TYPE} of each type, by timestamp. */
    public List<Frustration> frustrations() {
        List<Frustration> result = new ArrayList<>(frustrations.size());
        for (Frustration f : frustrations) {
            result.add(new Frustration(
                    f.type(), f.timestamp(), f.timestamp() - startedAt, f.x(), f.y(), f.target(), f.clickCount()));
        }
        return result;
    }

    public int chunkCount() {
        return chunkCount;
    }

    /** The error groups the session hit, by first occurrence: the first {@link SessionLimits#MAX_ERROR_GROUPS}. */
    public List<SessionError> errorGroups() {
        return Collections.unmodifiableList(errorGroups);
    }

    /** The page views with their start, in order: the first {@link SessionLimits#MAX_URLS}. */
    public List<PageView> pageViews() {
        return Collections.unmodifiableList(pageViews);
    }

    /** The URL of the page being viewed at {@code timestamp}: the latest page view begun by then, else the entry URL. */
    public String pageAt(long timestamp) {
        String url = entryUrl;
        for (PageView view : pageViews) {
            if (view.at() > timestamp) {
                break;
            }
            url = view.url();
        }
        return url;
    }

    /** The exact count of one type's frustrations (the kept list stops at {@link SessionLimits#MAX_FRUSTRATIONS_PER_TYPE}). */
    public int frustrationCount(FrustrationType type) {
        return count(type);
    }

    int count(FrustrationType type) {
        return frustrationCounts.getOrDefault(type, 0);
    }

    void seeTimestamp(long at) {
        if (startedAt == 0 || at < startedAt) {
            startedAt = at;
        }
        if (at > endedAt) {
            endedAt = at;
        }
    }

    /** A page load or navigation at {@code at} (epoch ms): a page view when the URL changes. */
    void visit(String href, long at) {
        String url = BoundedText.clip(href, SessionLimits.MAX_URL_CHARS);
        if (url == null || url.isBlank()) {
            return;
        }
        if (!url.equals(currentUrl)) {
            currentUrl = url;
            pageCount++;
            if (pageViews.size() < SessionLimits.MAX_URLS) {
                pageViews.add(new PageView(at, url));
            }
        }
        remember(url);
    }

    /** A URL the recorder reported in a chunk's meta: known, but no page view of its own. */
    void remember(String href) {
        String url = BoundedText.clip(href, SessionLimits.MAX_URL_CHARS);
        if (url == null || url.isBlank()) {
            return;
        }
        if (entryUrl == null) {
            entryUrl = url;
        }
        if (pageCount == 0) {
            currentUrl = url;
            pageCount = 1;
        }
        if (urls.size() < SessionLimits.MAX_URLS && !urls.contains(url)) {
            urls.add(url);
        }
    }

    void identify(String id) {
        if (id != null && !id.isBlank()) {
            userId = BoundedText.clip(id, SessionLimits.MAX_USER_ID_CHARS);
        }
    }

    /** The first opener named is kept: a session is opened from one session, once. */
    void openedFrom(String sessionId) {
        if (openerSessionId == null && sessionId != null) {
            openerSessionId = sessionId;
        }
    }

    void addFrustration(Frustration frustration) {
        FrustrationType type = frustration.type();
        frustrationCounts.merge(type, 1, Integer::sum);
        if (type == FrustrationType.ERROR) {
            errorCount++;
        }
        long kept = frustrations.stream().filter(f -> f.type() == type).count();
        if (kept >= SessionLimits.MAX_FRUSTRATIONS_PER_TYPE) {
            // Full: an earlier one of the same type still gets in, in place of that type's latest.
            int latestOfType = frustrations.size() - 1;
            while (frustrations.get(latestOfType).type() != type) {
                latestOfType--;
            }
            if (frustrations.get(latestOfType).timestamp() <= frustration.timestamp()) {
                return;
            }
            frustrations.remove(latestOfType);
        }
        int at = frustrations.size();
        while (at > 0 && frustrations.get(at - 1).timestamp() > frustration.timestamp()) {
            at--;
        }
        frustrations.add(at, frustration);
    }

    /** An error of group {@code groupId} at {@code at}: counted on its group; a new group while there is room. */
    void seeError(String groupId, long at, String message, String stack) {
        for (int i = 0; i < errorGroups.size(); i++) {
            SessionError e = errorGroups.get(i);
            if (e.groupId().equals(groupId)) {
                errorGroups.set(
                        i,
                        new SessionError(
                                groupId,
                                e.count() + 1,
                                Math.min(e.firstAt(), at),
                                Math.max(e.lastAt(), at),
                                e.message(),
                                e.stack()));
                return;
            }
        }
        if (errorGroups.size() < SessionLimits.MAX_ERROR_GROUPS) {
            errorGroups.add(new SessionError(groupId, 1, at, at, message, stack));
        }
    }

    /** Drops the samples of the error groups (they are counted: docs/INSIGHTS.md, "Error groups"), keeps the counts. */
    public void forgetErrorSamples() {
        errorGroups.replaceAll(e -> e.message() == null && e.stack() == null
                ? e
                : new SessionError(e.groupId(), e.count(), e.firstAt(), e.lastAt(), null, null));
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session state", e);
        }
    }

    private ObjectNode toTree() {
        ObjectNode node = Json.object()
                .put("v", FORMAT_VERSION)
                .put("startedAt", startedAt)
                .put("endedAt", endedAt);
        putText(node, "entryUrl", entryUrl);
        ArrayNode urlArray = node.putArray("urls");
        urls.forEach(urlArray::add);
        putText(node, "currentUrl", currentUrl);
        node.put("pageCount", pageCount)
                .put("eventCount", eventCount)
                .put("clickCount", clickCount)
                .put("errorCount", errorCount)
                .put("chunkCount", chunkCount);
        putText(node, "userId", userId);
        putText(node, "browser", browser);
        putText(node, "os", os);
        putText(node, "device", device);
        putText(node, "openerSessionId", openerSessionId);
        ObjectNode counts = node.putObject("frustrationCounts");
        frustrationCounts.forEach((type, count) -> counts.put(type.code(), count));
        ArrayNode list = node.putArray("frustrations");
        for (Frustration f : frustrations) {
            ObjectNode item = list.addObject()
                    .put("type", f.type().code())
                    .put("at", f.timestamp())
                    .put("x", f.x())
                    .put("y", f.y())
                    .put("nodeId", f.target().nodeId());
            putText(item, "selector", f.target().selector());
            putText(item, "text", f.target().text());
            if (f.clickCount() != null) {
                item.put("clickCount", f.clickCount());
            }
        }
        if (!pageViews.isEmpty()) {
            // [at, index into urls]: the URL itself is in urls already
            ArrayNode views = node.putArray("pageViews");
            for (PageView view : pageViews) {
                views.addArray().add(view.at()).add(urls.indexOf(view.url()));
            }
        }
        if (!errorGroups.isEmpty()) {
            // [groupId, count, firstAt, lastAt, message, stack or null]
            ArrayNode groups = node.putArray("errorGroups");
            for (SessionError e : errorGroups) {
                ArrayNode g = groups.addArray()
                        .add(e.groupId())
                        .add(e.count())
                        .add(e.firstAt())
                        .add(e.lastAt());
                if (e.message() != null || e.stack() != null) {
                    g.add(e.message());
                    if (e.stack() != null) {
                        g.add(e.stack());
                    }
                }
            }
        }
        if (engineState != null) {
            node.set("engine", engineState);
        }
        return node;
    }

    /**
     * The state as the session item stores it: {@link #toJson()} deflated (raw DEFLATE, no header).
     * The JSON is mostly repeated names and URLs, so a typical 0.9 KB state stores in ~0.5 KB and the
     * item stays under DynamoDB's 1 KB write unit (docs/COST.md).
     */
    public byte[] toStored() {
        byte[] json;
        try {
            // written as UTF-8 bytes at once, read back from them: no String in between (docs/PERFORMANCE.md)
            json = Json.MAPPER.writeValueAsBytes(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session state", e);
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 2 + 16);
            byte[] buffer = new byte[Math.max(64, json.length)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Reads what {@link #toStored()} wrote; IllegalArgumentException for anything that is not. */
    public static SessionState fromStored(byte[] stored) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 3);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("not a stored session state: truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > SessionLimits.MAX_STATE_BYTES) {
                    throw new IllegalArgumentException("not a stored session state: larger than its bound");
                }
            }
            return fromTree(readTree(out.toByteArray()));
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a stored session state: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Reads what {@link #toJson()} wrote; IllegalArgumentException for anything that is not. */
    public static SessionState fromJson(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a session state: " + e.getMessage(), e);
        }
        return fromTree(node);
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a session state: " + e.getMessage(), e);
        }
    }

    private static SessionState fromTree(JsonNode node) {
        if (node == null || !node.isObject() || node.path("v").asInt() != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a session state of format " + FORMAT_VERSION);
        }
        SessionState state = new SessionState();
        state.startedAt = node.path("startedAt").asLong();
        state.endedAt = node.path("endedAt").asLong();
        state.entryUrl = text(node, "entryUrl");
        node.path("urls").forEach(url -> state.urls.add(url.asText()));
        state.currentUrl = text(node, "currentUrl");
        state.pageCount = node.path("pageCount").asInt();
        state.eventCount = node.path("eventCount").asInt();
        state.clickCount = node.path("clickCount").asInt();
        state.errorCount = node.path("errorCount").asInt();
        state.chunkCount = node.path("chunkCount").asInt();
        state.userId = text(node, "userId");
        state.browser = text(node, "browser");
        state.os = text(node, "os");
        state.device = text(node, "device");
        state.openerSessionId = text(node, "openerSessionId");
        node.path("frustrationCounts")
                .fields()
                .forEachRemaining(entry -> state.frustrationCounts.put(
                        FrustrationType.ofCode(entry.getKey()), entry.getValue().asInt()));
        for (JsonNode item : node.path("frustrations")) {
            state.frustrations.add(new Frustration(
                    FrustrationType.ofCode(item.path("type").asText()),
                    item.path("at").asLong(),
                    0,
                    item.path("x").asInt(),
                    item.path("y").asInt(),
                    new FrustrationTarget(item.path("nodeId").asInt(), text(item, "selector"), text(item, "text")),
                    item.hasNonNull("clickCount") ? item.get("clickCount").asInt() : null));
        }
        for (JsonNode view : node.path("pageViews")) {
            int url = view.path(1).asInt(-1);
            if (url >= 0 && url < state.urls.size()) {
                state.pageViews.add(new PageView(view.path(0).asLong(), state.urls.get(url)));
            }
        }
        for (JsonNode e : node.path("errorGroups")) {
            state.errorGroups.add(new SessionError(
                    e.path(0).asText(),
                    e.path(1).asInt(),
                    e.path(2).asLong(),
                    e.path(3).asLong(),
                    e.path(4).isTextual() ? e.path(4).asText() : null,
                    e.path(5).isTextual() ? e.path(5).asText() : null));
        }
        state.engineState = node.hasNonNull("engine") ? node.get("engine") : null;
        return state;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
