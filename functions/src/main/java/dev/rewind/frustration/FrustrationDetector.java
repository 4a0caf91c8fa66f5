package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.frustration.InteractiveNodes.Interactivity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The frustration engine: reads the rrweb events of one session in order, chunk after chunk, and
 * reports each frustration once to its sink (rules in docs/FRUSTRATION.md).
 *
 * <p>Nothing is decided at a chunk boundary: every window closes on the timestamp of a later
 * event or at {@link #finish()}, so a session split anywhere gives the same frustrations as the
 * whole. What it carries between chunks ({@link #saveState()}) is bounded by
 * {@link EngineLimits#MAX_STATE_BYTES}: the interactive elements of the page, the click groups
 * still waiting for a verdict and a few scalars.
 */
public final class FrustrationDetector {

    private final FrustrationRules rules;
    private final Consumer<Frustration> sink;
    private final InteractiveNodes interactive = new InteractiveNodes();
    private final PageSignals pages = new PageSignals();
    private final FormWatch forms = new FormWatch();
    private final PageSignals.Sink pageSink = (type, at, target) -> emit(type, at, 0, 0, target, null);
    /** Oldest first; the last one is the latest click's group, kept until a newer one starts. */
    private final List<ClickGroup> groups = new ArrayList<>();

    private ClickHint pendingHint;
    /** The latest timestamp seen: windows close as it passes them. */
    private long now;
    /** The earliest timestamp seen: offsets count from it. */
    private long firstAt;

    private String pageHref;
    /**
     * The session's chunks announced complete click hints (meta {@code hints: "complete"}): the snapshot
     * and mutation nodes are not walked for interactive elements, the hints judge every click.
     */
    private boolean completeHints;

    private boolean mouseIsDown;
    private boolean answeredSinceMouseDown;

    /**
     * @param savedState what {@link #saveState()} returned after the previous chunk, or null for
     *                   a new session
     * @param sink       receives each frustration once, as soon as it is certain
     */
    public FrustrationDetector(FrustrationRules rules, JsonNode savedState, Consumer<Frustration> sink) {
        this.rules = rules;
        this.sink = sink;
        if (savedState != null && savedState.isObject()) {
            restore(savedState);
        }
    }

    /**
     * The recorder sends a complete click hint with every click of the session (docs/FRUSTRATION.md,
     * "Click hints"): from now on no node is learnt, and what was learnt is dropped, so that no click is
     * judged by a page the engine stopped following. Announcing again changes nothing.
     */
    public void announceCompleteHints() {
        if (!completeHints) {
            completeHints = true;
            interactive.clear();
        }
    }

    /** One rrweb eventWithTime; anything without a numeric timestamp and type is skipped. */
    public void accept(JsonNode event) {
        JsonNode timestamp = event.get("timestamp");
        JsonNode type = event.get("type");
        if (timestamp == null || !timestamp.isNumber() || type == null || !type.isInt()) {
            return;
        }
        long at = timestamp.asLong();
        if (firstAt == 0 || at < firstAt) {
            firstAt = at;
        }
        if (at > now) {
            now = at;
            closeExpiredWindows();
        }
        JsonNode data = event.path("data");
        switch (type.asInt()) {
            case Rrweb.FULL_SNAPSHOT -> {
                if (!completeHints) {
                    interactive.learnSnapshot(data.path("node"));
                }
                forms.learnSnapshot(data.path("node"));
            }
            case Rrweb.INCREMENTAL_SNAPSHOT -> onIncremental(at, data);
            case Rrweb.META -> {
                pages.viewport(data.get("height"));
                onPageView(at, data.path("href").asText(null), true);
                onPageLoad(BoundedText.clip(data.path("href").asText(null), EngineLimits.MAX_HREF_CHARS));
            }
            case Rrweb.CUSTOM -> onCustom(at, data.path("tag").asText(""), data.path("payload"));
            default -> {}
        }
    }

    /**
     * The session is over: a burst still open ends here, and a click on a control that got no
     * answer before the recording ended is dead (the user left without seeing anything happen).
     */
    public void finish() {
        forms.finish(pageSink);
        for (ClickGroup group : groups) {
            if (group.open) {
                close(group);
            }
        }
        for (ClickGroup group : groups) {
            if (group.deadCandidate && !group.answered && !group.deadReported) {
                reportDead(group);
            }
        }
        groups.clear();
        pendingHint = null;
    }

    public ObjectNode saveState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode().put("now", now).put("firstAt", firstAt);
        if (pageHref != null) {
            state.put("pageHref", pageHref);
        }
        if (mouseIsDown) {
            state.put("mouseIsDown", true);
        }
        if (answeredSinceMouseDown) {
            state.put("answeredSinceMouseDown", true);
        }
        if (completeHints) {
            state.put("completeHints", true);
        }
        pages.save(state, pageHref);
        forms.save(state);
        state.set("interactive", interactive.save());
        state.set("names", interactive.saveNames());
        var saved = state.putArray("groups");
        groups.forEach(group -> saved.add(group.save()));
        if (pendingHint != null) {
            state.set("pendingHint", pendingHint.save());
        }
        return state;
    }

    private void restore(JsonNode state) {
        now = state.path("now").asLong();
        firstAt = state.path("firstAt").asLong();
        pageHref = state.hasNonNull("pageHref") ? state.get("pageHref").asText() : null;
        mouseIsDown = state.path("mouseIsDown").asBoolean();
        answeredSinceMouseDown = state.path("answeredSinceMouseDown").asBoolean();
        completeHints = state.path("completeHints").asBoolean();
        pages.restore(state, pageHref);
        forms.restore(state);
        interactive.restore(state.path("interactive"));
        interactive.restoreNames(state.path("names"));
        for (JsonNode group : state.path("groups")) {
            groups.add(ClickGroup.restore(group));
        }
        pendingHint = state.hasNonNull("pendingHint") ? ClickHint.restore(state.get("pendingHint")) : null;
    }

    private void onIncremental(long at, JsonNode data) {
        switch (data.path("source").asInt(-1)) {
            case Rrweb.MUTATION -> {
                answerAll();
                for (JsonNode removed : data.path("removes")) {
                    if (!completeHints) {
                        interactive.forget(removed.path("id").asInt());
                    }
                    forms.forget(removed.path("id").asInt());
                }
                if (!completeHints) {
                    interactive.learnAdds(data.path("adds"));
                }
                forms.learnAdds(data.path("adds"));
            }
            case Rrweb.INPUT -> {
                answerAll();
                // which field changed, and only that: data.text (what was typed) is never read
                if (!data.path("userTriggered").isBoolean()
                        || data.path("userTriggered").asBoolean()) {
                    forms.onInput(at, data.path("id").asInt(0));
                }
            }
            case Rrweb.MEDIA_INTERACTION -> answerAll();
            case Rrweb.VIEWPORT_RESIZE -> pages.viewport(data.get("height"));
            case Rrweb.SCROLL -> {
                pages.onScroll(at, data.path("id").asInt(0), data.path("y").asInt(), rules, pageSink);
                for (ClickGroup group : groups) {
                    if (at >= group.lastAt && at - group.lastAt <= rules.deadScrollWindowMs()) {
                        group.answered = true;
                    }
                }
            }
            case Rrweb.SELECTION -> {
                ClickGroup latest = latestOpenGroup();
                if (latest != null && selectsText(data.path("ranges"))) {
                    latest.selectedText = true;
                }
            }
            case Rrweb.MOUSE_INTERACTION -> onMouseInteraction(at, data);
            default -> {}
        }
    }

    private void onMouseInteraction(long at, JsonNode data) {
        switch (data.path("type").asInt(-1)) {
            case Rrweb.MOUSE_DOWN, Rrweb.TOUCH_START -> {
                mouseIsDown = true;
                answeredSinceMouseDown = false;
            }
            case Rrweb.CLICK ->
                onClick(
                        at,
                        data.path("id").asInt(0),
                        data.path("x").asInt(),
                        data.path("y").asInt());
            case Rrweb.DBL_CLICK -> {
                ClickGroup latest = latestOpenGroup();
                if (latest != null) {
                    latest.doubleClicked = true;
                }
            }
            default -> {}
        }
    }

    private void onClick(long at, int nodeId, int x, int y) {
        ClickHint hint = pendingHint != null && Math.abs(at - pendingHint.at()) <= EngineLimits.HINT_MATCH_MS
                ? pendingHint
                : null;
        pendingHint = null;
        // without our recorder's hint, the snapshot names the target (plain rrweb recordings, imports)
        FrustrationTarget target = hint != null ? hint.target(nodeId) : interactive.target(nodeId);
        forms.onClick(at, nodeId, target.nodeId());
        // Pages that act on mousedown (Sentry's slowClick cases) answer before the click arrives.
        boolean answeredAlready = mouseIsDown && answeredSinceMouseDown;
        mouseIsDown = false;

        ClickGroup latest = latestOpenGroup();
        if (latest != null
                && at - latest.lastAt < rules.rageMaxIntervalMs()
                && withinRadius(latest.firstX, latest.firstY, x, y)) {
            latest.addClick(at, x, y, nodeId, target, hint != null);
            latest.answered |= answeredAlready;
            return;
        }
        if (latest != null) {
            close(latest);
        }
        ClickGroup group = new ClickGroup(at, x, y, nodeId, target, hint != null);
        group.deadCandidate = isDeadCandidate(nodeId, hint);
        group.answered = answeredAlready;
        groups.add(group);
        retireSettledGroups();
        if (groups.size() > EngineLimits.MAX_OPEN_CLICK_GROUPS) {
            groups.remove(0);
        }
    }

    private void onCustom(long at, String tag, JsonNode payload) {
        switch (tag) {
            case RecorderTags.CLICK_HINT -> onClickHint(ClickHint.parse(at, payload));
            case RecorderTags.ERROR -> onError(at, payload);
            case RecorderTags.NAVIGATION -> {
                answerAll();
                onPageView(at, payload.path("href").asText(null), false);
            }
            case RecorderTags.PAGEHIDE -> {
                forms.onPagehide(at);
                answerAll();
                closeOpenGroup();
            }
            default -> {}
        }
    }

    /** A hint may come just before its click (then it waits for it) or just after (then it upgrades it). */
    private void onClickHint(ClickHint hint) {
        ClickGroup latest = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        if (latest != null
                && !latest.lastClickHinted
                && Math.abs(hint.at() - latest.lastAt) <= EngineLimits.HINT_MATCH_MS) {
            latest.lastTarget = hint.target(latest.lastNodeId);
            latest.lastClickHinted = true;
            if (latest.clicks == 1) {
                latest.target = latest.lastTarget;
                latest.deadCandidate = isDeadCandidate(latest.lastNodeId, hint);
            }
            return;
        }
        pendingHint = hint;
    }

    /** An error names no element; its message (clipped like a hint's text) is what lists show for it. */
    private void onError(long at, JsonNode payload) {
        JsonNode message = payload.get("message");
        String text =
                message != null && message.isTextual() && !message.asText().isBlank()
                        ? BoundedText.clip(message.asText(), EngineLimits.MAX_ERROR_MESSAGE_CHARS)
                        : null;
        emit(
                FrustrationType.ERROR,
                at,
                0,
                0,
                text == null ? FrustrationTarget.NONE : new FrustrationTarget(0, null, text),
                null);
        ClickGroup latest = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        if (latest != null
                && !latest.errorReported
                && at >= latest.lastAt
                && at - latest.lastAt <= rules.errorClickWindowMs()) {
            latest.errorReported = true;
            emit(FrustrationType.ERROR_CLICK, latest.lastAt, latest.lastX, latest.lastY, latest.lastTarget, null);
        }
    }

    /**
     * A page load (a new document: its forms are gone) or a route change (the same document): a new page view
     * ends the forms changed in the one before and may be a quick back.
     */
    private void onPageView(long at, String href, boolean newDocument) {
        if (pages.onPage(at, href, rules, pageSink)) {
            forms.onPageEnd(at, pageSink);
            if (newDocument) {
                forms.forgetPage();
            }
        }
    }

    /** A Meta event with a new URL is a page load: every waiting click was answered by it. */
    private void onPageLoad(String href) {
        if (href == null || href.equals(pageHref)) {
            return;
        }
        pageHref = href;
        answerAll();
        closeOpenGroup();
    }

    private void answerAll() {
        answeredSinceMouseDown = true;
        for (ClickGroup group : groups) {
            group.answered = true;
        }
    }

    private void closeExpiredWindows() {
        for (ClickGroup group : groups) {
            if (group.open && now - group.lastAt >= rules.rageMaxIntervalMs()) {
                close(group);
            }
            if (!group.open
                    && group.deadCandidate
                    && !group.answered
                    && !group.deadReported
                    && now - group.lastAt > rules.deadWindowMs()) {
                reportDead(group);
            }
        }
        retireSettledGroups();
    }

    private void retireSettledGroups() {
        int latest = groups.size() - 1;
        Iterator<ClickGroup> it = groups.iterator();
        for (int i = 0; it.hasNext(); i++) {
            ClickGroup group = it.next();
            if (i < latest && group.settled()) {
                it.remove();
            }
        }
    }

    private void closeOpenGroup() {
        ClickGroup latest = latestOpenGroup();
        if (latest != null) {
            close(latest);
        }
    }

    private void close(ClickGroup group) {
        group.open = false;
        boolean justADoubleClick = group.clicks == 2 && group.doubleClicked;
        if (group.clicks >= rules.rageMinClicks() && !group.selectedText && !justADoubleClick) {
            emit(FrustrationType.RAGE_CLICK, group.firstAt, group.firstX, group.firstY, group.target, group.clicks);
            // One burst, one frustration: the rage click already says its clicks got no answer worth waiting for.
            group.deadCandidate = false;
        }
    }

    private void reportDead(ClickGroup group) {
        group.deadReported = true;
        emit(FrustrationType.DEAD_CLICK, group.firstAt, group.firstX, group.firstY, group.target, null);
    }

    /**
     * Whether a click waits for an answer. Without a hint the learnt snapshot judges; with one the
     * recorder's judgement decides, and the snapshot still vetoes an element it knows as never dead. In
     * a session announcing complete hints nothing is learnt: a click without a hint, or with one that
     * does not carry {@code neverDead}, cannot be judged and is not dead (docs/FRUSTRATION.md).
     */
    private boolean isDeadCandidate(int clickedNodeId, ClickHint hint) {
        if (hint == null) {
            return !completeHints && interactive.of(clickedNodeId) == Interactivity.CONTROL;
        }
        if (completeHints && !hint.complete()) {
            return false;
        }
        return hint.interactive()
                && !Boolean.TRUE.equals(hint.neverDead())
                && !InteractiveNodes.hasOutsideEffect(hint.tag())
                && interactive.of(clickedNodeId) != Interactivity.OUTSIDE_EFFECT
                && interactive.of(hint.nodeId()) != Interactivity.OUTSIDE_EFFECT;
    }

    private ClickGroup latestOpenGroup() {
        if (groups.isEmpty()) {
            return null;
        }
        ClickGroup latest = groups.get(groups.size() - 1);
        return latest.open ? latest : null;
    }

    private boolean withinRadius(int x0, int y0, int x, int y) {
        long dx = (long) x - x0;
        long dy = (long) y - y0;
        long radius = rules.rageRadiusPx();
        return dx * dx + dy * dy <= radius * radius;
    }

    /** rrweb reports a collapsed selection (a caret) too: only a range with extent selects text. */
    private static boolean selectsText(JsonNode ranges) {
        for (JsonNode range : ranges) {
            if (range.path("start").asInt() != range.path("end").asInt()
                    || range.path("startOffset").asInt()
                            != range.path("endOffset").asInt()) {
                return true;
            }
        }
        return false;
    }

    private void emit(FrustrationType type, long at, int x, int y, FrustrationTarget target, Integer clickCount) {
        sink.accept(new Frustration(type, at, at - firstAt, x, y, target, clickCount));
    }
}
