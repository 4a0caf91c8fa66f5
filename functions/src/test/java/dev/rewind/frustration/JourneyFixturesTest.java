package dev.rewind.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionState;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The labelled journeys recorded in real Chromium (tools/journey-recorder) give
 * exactly their labelled frustrations, whole, split in two at every boundary, and in many chunks.
 */
class JourneyFixturesTest {

    private static final FrustrationRules RULES = FrustrationRules.DEFAULTS;

    static List<String> journeys() {
        return Journey.names();
    }

    @Test
    void theFixturesCoverEverySignalAndCleanJourneys() {
        // given
        List<Journey> all = journeys().stream().map(Journey::load).toList();

        // then
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all).extracting(Journey::mode).contains("sdk", "rrweb");
        List<String> labelled = new ArrayList<>();
        all.forEach(journey -> journey.expected()
                .forEach(label -> labelled.add(label.path("type").asText())));
        assertThat(labelled).contains("rage_click", "dead_click", "error_click", "error");
        assertThat(all).filteredOn(journey -> journey.expected().isEmpty()).hasSizeGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void theWholeRecordingGivesExactlyItsLabels(String name) {
        // given
        Journey journey = Journey.load(name);

        // when
        SessionState state = Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey));

        // then
        assertThat(describe(state.frustrations(), state.startedAt()))
                .containsExactlyInAnyOrderElementsOf(expectedOf(journey, state.startedAt()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void splittingInTwoAtAnyBoundaryChangesNothing(String name) {
        // given
        Journey journey = Journey.load(name);
        ChunkMeta meta = metaOf(journey);
        Map<String, Object> whole = summary(Chunks.aggregateWhole(RULES, journey.events(), meta));

        for (int boundary = 1; boundary < journey.events().size(); boundary++) {
            // when
            SessionState split = Chunks.aggregate(RULES, Chunks.splitAt(journey.events(), boundary), meta);

            // then
            assertThat(summary(split)).as("split before event %d", boundary).isEqualTo(whole);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void splittingIntoManyChunksChangesNothing(String name) {
        // given
        Journey journey = Journey.load(name);
        ChunkMeta meta = metaOf(journey);
        JsonNode events = journey.events();
        Map<String, Object> whole = summary(Chunks.aggregateWhole(RULES, events, meta));

        // when: one event per chunk, then random cuts
        SessionState oneByOne = Chunks.aggregate(RULES, Chunks.ofSize(events, 1), meta);
        Random random = new Random(name.hashCode());
        List<SessionState> randomCuts = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            randomCuts.add(Chunks.aggregate(RULES, randomChunks(events, random), meta));
        }

        // then
        assertThat(summary(oneByOne)).isEqualTo(whole);
        randomCuts.forEach(state -> assertThat(summary(state)).isEqualTo(whole));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void sessionMetadataMatchesTheJourney(String name) {
        // given
        Journey journey = Journey.load(name);
        JsonNode events = journey.events();

        // when
        SessionState state = Chunks.aggregateWhole(RULES, events, metaOf(journey));

        // then
        long clicks = 0;
        for (JsonNode event : events) {
            clicks += Rrweb.isClick(event) ? 1 : 0;
        }
        assertThat(state.eventCount()).isEqualTo(events.size());
        assertThat(state.clickCount()).isEqualTo(clicks);
        assertThat(state.startedAt()).isEqualTo(events.get(0).path("timestamp").asLong());
        assertThat(state.durationMs())
                .isEqualTo(events.get(events.size() - 1).path("timestamp").asLong() - state.startedAt());
        assertThat(state.entryUrl()).isEqualTo(journey.meta().path("url").asText());
        assertThat(state.browser()).isEqualTo("Chrome");
        assertThat(state.os()).isEqualTo("Linux");
        assertThat(state.device()).isEqualTo("desktop");
        List<String> types = describeTypes(journey.expected());
        assertThat(state.rageClickCount()).isEqualTo(count(types, "rage_click"));
        assertThat(state.deadClickCount()).isEqualTo(count(types, "dead_click"));
        assertThat(state.errorClickCount()).isEqualTo(count(types, "error_click"));
        assertThat(state.errorCount()).isEqualTo(count(types, "error"));
        assertThat(state.flags())
                .containsExactlyInAnyOrderElementsOf(types.stream().distinct().toList());
        JsonNode session = journey.expectedSession();
        if (session != null) {
            if (session.has("userId")) {
                assertThat(state.userId()).isEqualTo(session.get("userId").asText());
            }
            assertThat(state.pageCount()).isEqualTo(session.path("pageCount").asInt());
            List<String> paths = new ArrayList<>();
            session.path("urlPaths").forEach(path -> paths.add(path.asText()));
            assertThat(state.urls())
                    .extracting(url -> URI.create(url).getPath())
                    .containsExactlyElementsOf(paths);
        } else {
            assertThat(state.pageCount()).isEqualTo(1);
            assertThat(state.urls()).containsExactly(journey.meta().path("url").asText());
            assertThat(state.userId()).isNull();
        }
    }

    static ChunkMeta metaOf(Journey journey) {
        return ChunkMeta.from(journey.meta(), null);
    }

    /** Everything the session list and detail show, except the chunk count (which the split changes). */
    static Map<String, Object> summary(SessionState s) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("startedAt", s.startedAt());
        summary.put("endedAt", s.endedAt());
        summary.put("entryUrl", s.entryUrl());
        summary.put("urls", s.urls());
        summary.put("pageCount", s.pageCount());
        summary.put("eventCount", s.eventCount());
        summary.put("clickCount", s.clickCount());
        summary.put("rageClickCount", s.rageClickCount());
        summary.put("deadClickCount", s.deadClickCount());
        summary.put("errorClickCount", s.errorClickCount());
        summary.put("errorCount", s.errorCount());
        summary.put("flags", s.flags());
        summary.put("userId", s.userId());
        summary.put("browser", s.browser());
        summary.put("frustrations", s.frustrations());
        return summary;
    }

    /** A label as text: type, anchor (offset and position), target and click count. */
    static List<String> describe(List<Frustration> frustrations, long startedAt) {
        return frustrations.stream()
                .map(f -> line(
                        f.type().code(),
                        f.timestamp() - startedAt,
                        f.x(),
                        f.y(),
                        f.target().nodeId(),
                        f.target().selector(),
                        f.target().text(),
                        f.clickCount()))
                .toList();
    }

    /**
     * The labels of a journey in the same text: a click label is anchored to the rrweb click it
     * names, an error label to the next error event of the recording.
     */
    static List<String> expectedOf(Journey journey, long startedAt) {
        List<JsonNode> clicks = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        for (JsonNode event : journey.events()) {
            if (Rrweb.isClick(event)) {
                clicks.add(event);
            }
            if (event.path("type").asInt() == Rrweb.CUSTOM
                    && event.path("data").path("tag").asText().equals("error")) {
                errors.add(event);
            }
        }
        List<String> expected = new ArrayList<>();
        int nextError = 0;
        for (JsonNode label : journey.expected()) {
            String type = label.path("type").asText();
            if (type.equals("error")) {
                JsonNode error = errors.get(nextError++);
                // an error is listed by its message
                String message =
                        error.path("data").path("payload").path("message").asText(null);
                expected.add(line(
                        type,
                        error.path("timestamp").asLong() - startedAt,
                        0,
                        0,
                        0,
                        null,
                        BoundedText.clip(message, EngineLimits.MAX_ERROR_MESSAGE_CHARS),
                        null));
                continue;
            }
            if (type.equals("form_abandonment")) {
                // anchored at the field's last change, named by the field, never by its value
                int field = label.path("nodeId").asInt();
                long lastChange = 0;
                for (JsonNode event : journey.events()) {
                    if (event.path("type").asInt() == Rrweb.INCREMENTAL_SNAPSHOT
                            && event.path("data").path("source").asInt() == Rrweb.INPUT
                            && event.path("data").path("id").asInt() == field) {
                        lastChange = event.path("timestamp").asLong();
                    }
                }
                expected.add(line(
                        type, lastChange - startedAt, 0, 0, field, text(label, "selector"), text(label, "text"), null));
                continue;
            }
            if (type.equals("quick_back")) {
                // anchored where the short page view began, named by that page without query or fragment
                JsonNode meta = metaEvents(journey).get(label.path("page").asInt());
                String page = PageSignals.withoutQuery(PageSignals.withoutFragment(
                        meta.path("data").path("href").asText()));
                expected.add(line(
                        type,
                        meta.path("timestamp").asLong() - startedAt,
                        0,
                        0,
                        0,
                        null,
                        BoundedText.clip(page, EngineLimits.MAX_QUICK_BACK_PAGE_CHARS),
                        null));
                continue;
            }
            JsonNode click = clicks.get(label.path("click").asInt());
            JsonNode data = click.path("data");
            expected.add(line(
                    type,
                    click.path("timestamp").asLong() - startedAt,
                    data.path("x").asInt(),
                    data.path("y").asInt(),
                    label.path("nodeId").asInt(),
                    text(label, "selector"),
                    text(label, "text"),
                    label.hasNonNull("clickCount") ? label.get("clickCount").asInt() : null));
        }
        return expected;
    }

    /** The journey's Meta events (page loads), in order. */
    static List<JsonNode> metaEvents(Journey journey) {
        List<JsonNode> metas = new ArrayList<>();
        for (JsonNode event : journey.events()) {
            if (event.path("type").asInt() == Rrweb.META) {
                metas.add(event);
            }
        }
        return metas;
    }

    private static String line(
            String type, long offsetMs, int x, int y, int nodeId, String selector, String text, Integer clickCount) {
        return "%s at +%d ms (%d,%d) node %d selector=%s text=%s clicks=%s"
                .formatted(type, offsetMs, x, y, nodeId, selector, text, clickCount);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static List<String> describeTypes(JsonNode labels) {
        List<String> types = new ArrayList<>();
        labels.forEach(label -> types.add(label.path("type").asText()));
        return types;
    }

    private static int count(List<String> types, String type) {
        return (int) types.stream().filter(type::equals).count();
    }

    private static List<ArrayNode> randomChunks(JsonNode events, Random random) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            if (random.nextInt(4) == 0) {
                cuts.add(i);
            }
        }
        return Chunks.splitAt(events, cuts.stream().mapToInt(Integer::intValue).toArray());
    }
}
