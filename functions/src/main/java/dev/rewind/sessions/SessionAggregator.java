package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.FrustrationDetector;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.RecorderTags;
import dev.rewind.frustration.Rrweb;

/**
 * Folds the chunks of one session, in seq order, into its {@link SessionState}: metadata for the
 * list and the frustrations of the {@link FrustrationDetector}. One aggregator per batch of
 * chunks; the state carries everything to the next one.
 */
public final class SessionAggregator {

    private final SessionState state;
    private final FrustrationDetector detector;

    public SessionAggregator(FrustrationRules rules, SessionState state) {
        this.state = state;
        this.detector = new FrustrationDetector(rules, state.engineState, state::addFrustration);
    }

    /** One chunk: a JSON array of rrweb eventWithTime objects, and the chunk's meta. */
    public void acceptChunk(JsonNode events, ChunkMeta meta) {
        state.chunkCount++;
        if (meta != null && meta.completeHints()) {
            // before the chunk's events: its snapshot is then not walked for interactive nodes
            detector.announceCompleteHints();
        }
        if (events != null && events.isArray()) {
            for (JsonNode event : events) {
                if (event.isObject()) {
                    acceptEvent(event);
                }
            }
        }
        acceptMeta(meta == null ? ChunkMeta.NONE : meta);
        state.engineState = detector.saveState();
    }

    /**
     * No more chunks will come: a burst still open ends and clicks still waiting for an answer
     * are judged on what was recorded. Calling it again changes nothing.
     */
    public void finish() {
        detector.finish();
        state.engineState = detector.saveState();
    }

    public SessionState state() {
        return state;
    }

    private void acceptEvent(JsonNode event) {
        state.eventCount++;
        JsonNode timestamp = event.get("timestamp");
        long at = timestamp != null && timestamp.isNumber() ? timestamp.asLong() : state.endedAt;
        if (timestamp != null && timestamp.isNumber()) {
            state.seeTimestamp(at);
        }
        JsonNode data = event.path("data");
        switch (event.path("type").asInt(-1)) {
            case Rrweb.META -> state.visit(textOrNull(data.get("href")), at);
            case Rrweb.CUSTOM -> acceptCustom(data.path("tag").asText(""), data.path("payload"), at);
            case Rrweb.INCREMENTAL_SNAPSHOT -> {
                if (Rrweb.isClick(event)) {
                    state.clickCount++;
                }
            }
            default -> {}
        }
        detector.accept(event);
    }

    private void acceptCustom(String tag, JsonNode payload, long at) {
        switch (tag) {
            case RecorderTags.NAVIGATION -> state.visit(textOrNull(payload.get("href")), at);
            case RecorderTags.IDENTIFY -> state.identify(UserIds.of(payload.get("userId")));
            case RecorderTags.ERROR -> {
                ErrorFingerprint f = ErrorFingerprint.of(
                        textOrNull(payload.get("message")),
                        textOrNull(payload.get("stack")),
                        textOrNull(payload.get("source")));
                state.seeError(f.groupId(), at, f.message(), f.stack());
            }
            default -> {}
        }
    }

    private void acceptMeta(ChunkMeta meta) {
        state.remember(meta.url());
        state.identify(meta.userId());
        state.openedFrom(meta.openerSessionId());
        if (state.browser == null && meta.userAgent() != null) {
            UserAgents.Client client = UserAgents.parse(meta.userAgent());
            state.browser = client.browser();
            state.os = client.os();
            state.device = client.device();
        }
    }

    private static String textOrNull(JsonNode value) {
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
