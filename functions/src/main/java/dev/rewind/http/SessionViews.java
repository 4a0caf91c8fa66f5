package dev.rewind.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.Frustration;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.insights.SessionStory;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import java.time.Instant;

/** The JSON of a session in API responses (docs/ARCHITECTURE.md, "Session list"): the one place that names its fields. */
public final class SessionViews {
    private SessionViews() {}

    public static ObjectNode summary(SessionRecord record) {
        SessionState s = record.state;
        ObjectNode node = Json.object()
                .put("sessionId", record.sessionId)
                .put("startedAt", iso(s.startedAt()))
                .put("endedAt", iso(s.endedAt()))
                .put("durationMs", s.durationMs())
                .put("entryUrl", s.entryUrl());
        ArrayNode urls = node.putArray("urls");
        s.urls().forEach(urls::add);
        node.put("pageCount", s.pageCount())
                .put("eventCount", s.eventCount())
                .put("clickCount", s.clickCount())
                .put("rageClickCount", s.rageClickCount())
                .put("deadClickCount", s.deadClickCount())
                .put("errorClickCount", s.errorClickCount())
                .put("errorCount", s.errorCount())
                .put("quickBackCount", s.frustrationCount(FrustrationType.QUICK_BACK))
                .put("excessiveScrollCount", s.frustrationCount(FrustrationType.EXCESSIVE_SCROLL))
                .put("formAbandonmentCount", s.frustrationCount(FrustrationType.FORM_ABANDONMENT));
        ArrayNode flags = node.putArray("flags");
        s.flags().forEach(flags::add);
        node.put("userId", s.userId())
                .put("browser", s.browser())
                .put("os", s.os())
                .put("device", s.device())
                .put("openerSessionId", s.openerSessionId());
        // derived from the stored state on every read: no write, the same on every read (docs/FRUSTRATION.md, "Session
        // story")
        SessionStory story = SessionStory.of(s);
        ObjectNode storyNode = node.putObject("story").put("text", story.text());
        ArrayNode pages = storyNode.putArray("pages");
        story.pages().forEach(pages::add);
        storyNode.put("morePages", story.morePages()).put("exitPage", story.exitPage());
        return node;
    }

    public static ObjectNode frustration(Frustration f) {
        ObjectNode node = Json.object()
                .put("type", f.type().code())
                .put("timestamp", iso(f.timestamp()))
                .put("offsetMs", f.offsetMs())
                .put("x", f.x())
                .put("y", f.y());
        ObjectNode target = node.putObject("target").put("nodeId", f.target().nodeId());
        if (f.target().selector() != null) {
            target.put("selector", f.target().selector());
        }
        if (f.target().text() != null) {
            target.put("text", f.target().text());
        }
        if (f.clickCount() != null) {
            node.put("clickCount", f.clickCount());
        }
        return node;
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
