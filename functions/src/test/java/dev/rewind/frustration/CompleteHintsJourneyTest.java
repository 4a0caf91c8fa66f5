package dev.rewind.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.frustration.InteractiveNodes.Interactivity;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionAggregator;
import dev.rewind.sessions.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sessions whose chunks announce complete click hints (meta {@code hints: "complete"}, docs/FRUSTRATION.md
 * "Click hints") skip node learning and give the same frustrations as the full path on every labelled
 * journey; sessions without the announcement learn nodes as before; a click the hints leave unjudged is
 * not dead.
 *
 * <p>Each journey is given the hints Rewind's recorder sends: every click gets one carrying
 * {@code interactive} and {@code neverDead}. The recorder judges them in the browser from the live
 * element with the rules of docs/FRUSTRATION.md ("Controls"); here the same rules judge the element
 * from the recording ({@link InteractiveNodes} following its snapshot and mutations), which stands in
 * for the page. A journey recorded in sdk mode keeps its own hints (target, selector, text, the
 * recorder's {@code interactive}) and gains {@code neverDead}.
 */
class CompleteHintsJourneyTest {

    private static final FrustrationRules RULES = FrustrationRules.DEFAULTS;

    static List<String> journeys() {
        return Journey.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void announcedHintsGiveTheFlagsOfTheFullPath(String name) {
        // given
        Journey journey = Journey.load(name);
        SessionState full = Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey, false));
        JsonNode hinted = withCompleteHints(journey.events());
        ChunkMeta announcing = metaOf(journey, true);

        // when
        SessionState whole = Chunks.aggregateWhole(RULES, hinted, announcing);
        SessionState oneByOne = Chunks.aggregate(RULES, Chunks.ofSize(hinted, 1), announcing);

        // then
        assertThat(verdicts(whole)).isEqualTo(verdicts(full));
        assertThat(verdicts(oneByOne)).isEqualTo(verdicts(full));
        for (int boundary = 1; boundary < hinted.size(); boundary++) {
            SessionState split = Chunks.aggregate(RULES, Chunks.splitAt(hinted, boundary), announcing);
            assertThat(verdicts(split)).as("split before event %d", boundary).isEqualTo(verdicts(full));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void journeysRecordedWithHintsNameTheSameTargets(String name) {
        // given: the journeys our recorder's hints named (sdk mode) name them the same way announced
        Journey journey = Journey.load(name);
        if (!journey.mode().equals("sdk")) {
            return;
        }
        SessionState full = Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey, false));

        // when
        SessionState hinted = Chunks.aggregateWhole(RULES, withCompleteHints(journey.events()), metaOf(journey, true));

        // then
        assertThat(hinted.frustrations()).isEqualTo(full.frustrations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void onlyTheAnnouncementSkipsNodeLearning(String name) {
        // given
        Journey journey = Journey.load(name);
        JsonNode hinted = withCompleteHints(journey.events());

        // when
        JsonNode announced = engineAfter(hinted, true);
        JsonNode withoutAnnouncement = engineAfter(hinted, false);
        JsonNode plain = engineAfter(journey.events(), false);

        // then: every journey's page has a control, learnt unless the hints were announced
        assertThat(announced.path("interactive").asText()).isEmpty();
        assertThat(announced.path("names")).isEmpty();
        assertThat(announced.path("completeHints").asBoolean()).isTrue();
        assertThat(withoutAnnouncement.path("interactive").asText()).isNotEmpty();
        assertThat(plain.path("interactive").asText()).isNotEmpty();
        assertThat(plain.has("completeHints")).isFalse();
    }

    @Test
    void aClickWithoutItsHintInAnAnnouncingSessionIsNotDead() {
        // given: a journey with a dead click and a rage click, their hints lost
        JsonNode dead = withoutHints(Journey.load("archive-after-3s").events());
        JsonNode rage = withoutHints(Journey.load("place-order-rage").events());

        // when
        SessionState deadAnnounced = Chunks.aggregateWhole(RULES, dead, metaOf(Journey.load("archive-after-3s"), true));
        SessionState deadLearnt = Chunks.aggregateWhole(RULES, dead, metaOf(Journey.load("archive-after-3s"), false));
        SessionState rageAnnounced = Chunks.aggregateWhole(RULES, rage, metaOf(Journey.load("place-order-rage"), true));

        // then: without a judgement nothing is dead; learning (no announcement) still finds it; rage needs none
        assertThat(deadAnnounced.flags()).isEmpty();
        assertThat(deadLearnt.flags()).containsExactly("dead_click");
        assertThat(rageAnnounced.flags()).containsExactly("rage_click");
        assertThat(rageAnnounced.frustrations().get(0).target().nodeId()).isPositive();
    }

    @Test
    void aHintWithoutNeverDeadInAnAnnouncingSessionIsNotDead() {
        // given: the recorded hints of a dead click, which carry no neverDead (an older recorder)
        Journey journey = Journey.load("archive-after-3s");

        // when
        SessionState announced = Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey, true));
        SessionState completed =
                Chunks.aggregateWhole(RULES, withCompleteHints(journey.events()), metaOf(journey, true));

        // then
        assertThat(announced.flags()).isEmpty();
        assertThat(completed.flags()).containsExactly("dead_click");
    }

    @Test
    void aNeverDeadHintIsNeverDeadWithOrWithoutTheAnnouncement() {
        // given: the dead click's hint says its effect may stay outside the page
        Journey journey = Journey.load("archive-after-3s");
        JsonNode events = withCompleteHints(journey.events());
        for (JsonNode event : events) {
            if (isHint(event)) {
                ((ObjectNode) event.path("data").path("payload")).put("neverDead", true);
            }
        }

        // when
        SessionState announced = Chunks.aggregateWhole(RULES, events, metaOf(journey, true));
        SessionState learnt = Chunks.aggregateWhole(RULES, events, metaOf(journey, false));

        // then
        assertThat(announced.flags()).isEmpty();
        assertThat(learnt.flags()).isEmpty();
    }

    @Test
    void anAnnouncementAfterTheSnapshotDropsWhatWasLearnt() {
        // given: the first chunk (the snapshot) without the announcement, the rest with it
        Journey journey = Journey.load("archive-after-3s");
        JsonNode events = withoutHints(journey.events());
        List<ArrayNode> chunks = Chunks.splitAt(events, 3);
        String stored = SessionState.empty().toJson();
        for (int i = 0; i < chunks.size(); i++) {
            SessionAggregator aggregator = new SessionAggregator(RULES, SessionState.fromJson(stored));
            aggregator.acceptChunk(chunks.get(i), metaOf(journey, i > 0));
            stored = aggregator.state().toJson();
        }
        SessionAggregator last = new SessionAggregator(RULES, SessionState.fromJson(stored));

        // when
        last.finish();

        // then: the unhinted click is not judged by the page learnt before
        assertThat(last.state().flags()).isEmpty();
    }

    private static ChunkMeta metaOf(Journey journey, boolean announce) {
        ObjectNode meta = journey.meta().deepCopy();
        if (announce) {
            meta.put("hints", ChunkMeta.COMPLETE_HINTS);
        }
        return ChunkMeta.from(meta, null);
    }

    /** The engine's saved state after the whole recording in one chunk. */
    private static JsonNode engineAfter(JsonNode events, boolean announce) {
        FrustrationDetector detector = new FrustrationDetector(RULES, null, frustration -> {});
        if (announce) {
            detector.announceCompleteHints();
        }
        events.forEach(detector::accept);
        return detector.saveState();
    }

    /** What the flags and counts are made of: each frustration's type, anchor and click count. */
    private static Map<String, Object> verdicts(SessionState s) {
        Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("flags", s.flags());
        verdicts.put("rage", s.rageClickCount());
        verdicts.put("dead", s.deadClickCount());
        verdicts.put("errorClick", s.errorClickCount());
        verdicts.put("error", s.errorCount());
        verdicts.put(
                "frustrations",
                s.frustrations().stream()
                        .map(f -> f.type().code() + "@" + f.timestamp() + " " + f.x() + "," + f.y() + " ×"
                                + f.clickCount())
                        .toList());
        return verdicts;
    }

    private static boolean isHint(JsonNode event) {
        return event.path("type").asInt() == Rrweb.CUSTOM
                && event.path("data").path("tag").asText().equals(RecorderTags.CLICK_HINT);
    }

    private static JsonNode withoutHints(JsonNode events) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        events.forEach(event -> {
            if (!isHint(event)) {
                kept.add(event.deepCopy());
            }
        });
        return kept;
    }

    /**
     * The recording as Rewind's recorder would send it: every click with a hint carrying {@code
     * interactive} and {@code neverDead}, judged from the page as the recording shows it at that moment.
     */
    static ArrayNode withCompleteHints(JsonNode events) {
        InteractiveNodes page = new InteractiveNodes();
        List<JsonNode> copies = new ArrayList<>();
        events.forEach(event -> copies.add(event.deepCopy()));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < copies.size(); i++) {
            JsonNode event = copies.get(i);
            JsonNode data = event.path("data");
            switch (event.path("type").asInt()) {
                case Rrweb.FULL_SNAPSHOT -> page.learnSnapshot(data.path("node"));
                case Rrweb.INCREMENTAL_SNAPSHOT -> {
                    if (data.path("source").asInt() == Rrweb.MUTATION) {
                        data.path("removes")
                                .forEach(removed ->
                                        page.forget(removed.path("id").asInt()));
                        page.learnAdds(data.path("adds"));
                    }
                }
                default -> {}
            }
            if (isHint(event)) {
                ObjectNode payload = (ObjectNode) data.path("payload");
                payload.put("neverDead", page.of(payload.path("nodeId").asInt()) == Interactivity.OUTSIDE_EFFECT);
            }
            out.add(event);
            if (Rrweb.isClick(event) && !hintedNear(copies, i)) {
                int nodeId = data.path("id").asInt();
                Interactivity judged = page.of(nodeId);
                ObjectNode hint = out.addObject()
                        .put("type", Rrweb.CUSTOM)
                        .put("timestamp", event.path("timestamp").asLong());
                hint.putObject("data")
                        .put("tag", RecorderTags.CLICK_HINT)
                        .putObject("payload")
                        .put("nodeId", nodeId)
                        .put("x", data.path("x").asInt())
                        .put("y", data.path("y").asInt())
                        .put("interactive", judged != null)
                        .put("neverDead", judged == Interactivity.OUTSIDE_EFFECT);
            }
        }
        return out;
    }

    /** Whether the recording already holds the click's hint (just before or just after it). */
    private static boolean hintedNear(List<JsonNode> events, int click) {
        long at = events.get(click).path("timestamp").asLong();
        for (int j = Math.max(0, click - 3); j < Math.min(events.size(), click + 4); j++) {
            if (isHint(events.get(j))
                    && Math.abs(events.get(j).path("timestamp").asLong() - at) <= EngineLimits.HINT_MATCH_MS) {
                return true;
            }
        }
        return false;
    }
}
