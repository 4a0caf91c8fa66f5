package dev.rewind.insights;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.frustration.Chunks;
import dev.rewind.frustration.Events;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.frustration.Journey;
import dev.rewind.frustration.PathologicalSession;
import dev.rewind.frustration.Rrweb;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionLimits;
import dev.rewind.sessions.SessionState;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A session's story (docs/FRUSTRATION.md, "Session story") tells each labelled journey recorded in Chromium
 * (tools/journey-recorder) as a person would: its pages, its labelled frustrations by element and time, the page
 * it ended on; and never a value typed into the page.
 */
class SessionStoryTest {

    private static final FrustrationRules RULES = FrustrationRules.DEFAULTS;

    /** Each journey's story, read against its labels and pages (the fixtures' "expected" and "expectedSession"). */
    private static final Map<String, String> STORIES = Map.ofEntries(
            entry("archive-after-3s", "Stayed on /inbox.html. Dead click on “Archive” at 0.2 s."),
            entry(
                    "continue-navigates",
                    "Visited /checkout.html → /confirmation.html (2 pages). Left on /confirmation.html."),
            entry(
                    "continue-navigates-plain",
                    "Visited /checkout.html → /confirmation.html (2 pages). Left on /confirmation.html."),
            entry(
                    "coupon-throws",
                    "Stayed on /checkout.html. Error click on “Apply coupon” at 0.2 s; error “Uncaught TypeError:"
                            + " Cannot read properties of undefined (re…” at 0.2 s."),
            entry(
                    "back-after-reading-plain",
                    "Visited /checkout.html → /confirmation.html (2 pages). Left on /checkout.html."),
            entry(
                    "quick-back-plain",
                    "Visited /checkout.html → /confirmation.html (2 pages). Quick back from /confirmation.html at 0.8 s."
                            + " Left on /checkout.html."),
            entry(
                    "signup-abandoned-plain",
                    "Visited /signup.html → /confirmation.html (2 pages). Form abandoned on “Email” at 1.2 s. Left on"
                            + " /confirmation.html."),
            entry(
                    "signup-submitted-plain",
                    "Visited /signup.html → /confirmation.html (2 pages). Left on /confirmation.html."),
            entry("double-click-rename", "Stayed on /inbox.html."),
            entry("form-controls-plain", "Stayed on /checkout.html."),
            entry("late-error", "Stayed on /inbox.html. Error “Uncaught Error: sync worker crashed” at 1.7 s."),
            entry("mousedown-action", "Stayed on /inbox.html."),
            entry("new-tab-link-plain", "Stayed on /checkout.html."),
            entry("place-order-rage", "Stayed on /checkout.html. Rage click on “Place order” at 0.5 s."),
            entry("place-order-rage-plain", "Stayed on /checkout.html. Rage click on “Place order” at 0.2 s."),
            entry("plain-div-clicks", "Stayed on /inbox.html."),
            entry("rage-before-close", "Stayed on /checkout.html. Rage click on “Place order” at 0.3 s."),
            entry("rage-before-close-plain", "Stayed on /checkout.html. Rage click on “Place order” at 0.2 s."),
            entry("refresh-after-2s-plain", "Stayed on /inbox.html."),
            entry(
                    "save-address-throws-plain",
                    "Stayed on /checkout.html. Error click on “Save address” at 0.2 s; error “Uncaught SyntaxError:"
                            + " Expected property name or '}' in JSON…” at 0.2 s; dead click on “Save address” at 0.2 s."),
            entry("scattered-fast-clicks-plain", "Stayed on /checkout.html."),
            entry("scroll-buttons-plain", "Stayed on /inbox.html. Dead click on “Back to top (slow)” at 3.7 s."),
            entry("spa-route-slow-render", "Visited /inbox.html → /settings (2 pages). Left on /settings."),
            entry("stepper-fast-plain", "Stayed on /checkout.html. Rage click on “Increase” at 0.2 s."),
            entry("stepper-slow", "Stayed on /checkout.html."),
            entry("triple-click-select", "Stayed on /checkout.html."),
            entry("triple-click-select-plain", "Stayed on /checkout.html."),
            entry(
                    "two-bursts-plain",
                    "Stayed on /checkout.html. Rage click on “Place order” at 0.2 s; rage click on “Place order” at 2.2 s."));

    static List<String> journeys() {
        return Journey.names();
    }

    @Test
    void everyJourneyHasItsStory() {
        assertThat(STORIES.keySet()).containsExactlyInAnyOrderElementsOf(journeys());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void eachJourneyIsToldByItsPagesItsLabelledFrustrationsAndItsLastPage(String name) {
        // given
        Journey journey = Journey.load(name);

        // when: in many chunks, as ingest aggregates it, and whole
        SessionStory story =
                SessionStory.of(Chunks.aggregate(RULES, Chunks.ofSize(journey.events(), 7), metaOf(journey)));
        SessionStory whole = SessionStory.of(Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey)));

        // then the story is the one read against the labels, however the session came in
        assertThat(story.text()).isEqualTo(STORIES.get(name));
        assertThat(whole).isEqualTo(story);

        // and it names the journey's pages in order, and the last one as where the visitor left
        List<String> paths = expectedPaths(journey);
        assertThat(story.pages()).extracting(page -> URI.create(page).getPath()).containsExactlyElementsOf(paths);
        assertThat(story.morePages()).isZero();
        String exit = exitPath(journey, paths.get(paths.size() - 1));
        assertThat(URI.create(story.exitPage()).getPath()).isEqualTo(exit);
        if (paths.size() > 1) {
            assertThat(story.text()).endsWith("Left on " + exit + ".");
        }

        // and every labelled frustration with its element and its time from the start
        for (String clause : labelledClauses(journey)) {
            assertThat(story.text().toLowerCase()).contains(clause.toLowerCase());
        }
        if (journey.expected().isEmpty()) {
            assertThat(story.text()).doesNotContain(" at ");
        }

        // and nothing typed into the page
        for (String typed : typedValues(journey)) {
            assertThat(story.text()).doesNotContain(typed);
        }
    }

    @Test
    void someJourneysTypeIntoTheirFields() {
        // the typed values the journeys' stories are checked against are there to check
        assertThat(typedValues(Journey.load("double-click-rename"))).contains("Team offsite agenda");
    }

    @Test
    void whatIsTypedNearAFrustrationStaysOutOfTheStory() {
        // given the rage click journey, with a secret typed into the clicked button just before the burst
        Journey journey = Journey.load("place-order-rage");
        SessionStory before = SessionStory.of(Chunks.aggregateWhole(RULES, journey.events(), metaOf(journey)));
        ArrayNode events = journey.events().deepCopy();
        JsonNode firstClick = firstClick(events);
        int index = indexOf(events, firstClick);
        ObjectNode typing = events.insertObject(index).put("type", Rrweb.INCREMENTAL_SNAPSHOT);
        typing.put("timestamp", firstClick.path("timestamp").asLong() - 1);
        typing.putObject("data")
                .put("source", Rrweb.INPUT)
                .put("id", firstClick.path("data").path("id").asInt())
                .put("text", "hunter2 4111 1111 1111 1111")
                .put("isChecked", false);

        // when
        SessionStory after = SessionStory.of(Chunks.aggregateWhole(RULES, events, metaOf(journey)));

        // then the story is the same, without the secret
        assertThat(after.text())
                .isEqualTo(before.text())
                .doesNotContain("hunter2")
                .doesNotContain("4111");
    }

    @Test
    void manyPagesAreNamedAsTheInsightsNameThemAndCutWithTheirCount() {
        // given a visit of 8 pages, with ids and a query, one of them on another host, back to the cart at the end
        Events recording = new Events().meta(0, "https://shop.example/checkout?step=1");
        recording.navigation(100, "https://shop.example/cart/8123");
        recording.navigation(200, "https://shop.example/orders/3f2b9c1e-8a4d-4b6e-9f1a-2c3d4e5f6a7b/items");
        recording.navigation(300, "https://pay.example/card");
        recording.navigation(400, "https://shop.example/help");
        recording.navigation(500, "https://shop.example/help#contact");
        recording.navigation(600, "https://shop.example/faq");
        recording.navigation(700, "https://shop.example/terms");
        recording.navigation(800, "https://shop.example/privacy");
        recording.navigation(900, "https://shop.example/cart/8124");

        // when
        SessionStory story = SessionStory.of(aggregate(recording));

        // then
        assertThat(story.text())
                .isEqualTo(
                        "Visited /checkout → /cart/:id → /orders/:id/items → pay.example/card → /help +3 more (8 pages)."
                                + " Left on /cart/:id.");
        assertThat(story.pages())
                .containsExactly(
                        "https://shop.example/checkout",
                        "https://shop.example/cart/:id",
                        "https://shop.example/orders/:id/items",
                        "https://pay.example/card",
                        "https://shop.example/help");
        assertThat(story.morePages()).isEqualTo(3);
        assertThat(story.exitPage()).isEqualTo("https://shop.example/cart/:id");
    }

    @Test
    void aSessionWithoutPagesSaysSo() {
        assertThat(SessionStory.of(SessionState.empty()))
                .isEqualTo(new SessionStory("No page recorded.", List.of(), 0, null));
    }

    @Test
    void theFullestStateTellsTheMostTellingFrustrationsWithinTheBound() {
        // given a session that fills every list of the state with the longest strings, its first pages on
        // other hosts with the longest URLs kept
        ArrayNode events = new Events().meta(0, longPage(0)).build();
        for (int page = 1; page < 8; page++) {
            events.addAll(new Events().navigation(page, longPage(page)).build());
        }
        events.addAll(PathologicalSession.events());
        SessionState state = Chunks.aggregateWhole(RULES, events, null);

        // when
        SessionStory story = SessionStory.of(state);

        // then one of each of the most telling types is named, the others counted, and the text stays bounded
        assertThat(story.text().length()).isLessThanOrEqualTo(SessionLimits.STORY_MAX_CHARS);
        assertThat(story.text())
                .contains("Rage click on “")
                .contains("error click on “")
                .contains("error “");
        assertThat(story.text()).doesNotContain("dead click");
        // every type counts, the page signals the pathological session has too
        long total = 0;
        for (FrustrationType type : FrustrationType.values()) {
            total += state.frustrationCount(type);
        }
        assertThat(state.frustrationCount(FrustrationType.QUICK_BACK)).isPositive();
        assertThat(story.text()).contains("(+" + (total - 3) + " more).");
        assertThat(story.pages()).hasSize(SessionLimits.STORY_MAX_PAGES);
        assertThat(story.text()).contains("…");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0.0 s",
        "999, 0.9 s",
        "1000, 1.0 s",
        "5150, 5.1 s",
        "59999, 59.9 s",
        "60000, 1 min",
        "200000, 3 min 20 s",
        "3900000, 1 h 5 min"
    })
    void timesReadAsInTheConsole(long offsetMs, String time) {
        assertThat(SessionStory.time(offsetMs)).isEqualTo(time);
    }

    /** A URL of {@link SessionLimits#MAX_URL_CHARS} 3-byte chars and more, on a host of its own, no segment an id. */
    private static String longPage(int page) {
        String letter = String.valueOf((char) ('a' + page));
        return "https://" + letter + PathologicalSession.wide(40) + ".example/" + letter
                + PathologicalSession.wide(300);
    }

    private static SessionState aggregate(Events recording) {
        return Chunks.aggregateWhole(RULES, recording.build(), null);
    }

    private static ChunkMeta metaOf(Journey journey) {
        return ChunkMeta.from(journey.meta(), null);
    }

    private static List<String> expectedPaths(Journey journey) {
        List<String> paths = new ArrayList<>();
        JsonNode session = journey.expectedSession();
        if (session != null) {
            session.path("urlPaths").forEach(path -> paths.add(path.asText()));
        } else {
            paths.add(URI.create(journey.meta().path("url").asText()).getPath());
        }
        return paths;
    }

    /** Each label as the story should say it: "rage click on “Place order” at 0.5 s", "error “…” at 1.7 s". */
    private static List<String> labelledClauses(Journey journey) {
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
        long start = journey.events().get(0).path("timestamp").asLong();
        List<String> clauses = new ArrayList<>();
        int nextError = 0;
        for (JsonNode label : journey.expected()) {
            String type = label.path("type").asText();
            if (type.equals("error")) {
                JsonNode error = errors.get(nextError++);
                String message =
                        error.path("data").path("payload").path("message").asText();
                String shown = message.length() <= SessionLimits.STORY_MAX_NAME_CHARS
                        ? message
                        : message.substring(0, SessionLimits.STORY_MAX_NAME_CHARS - 1) + "…";
                clauses.add("error “" + shown + "” at "
                        + SessionStory.time(error.path("timestamp").asLong() - start));
                continue;
            }
            if (type.equals("form_abandonment")) {
                long lastChange = 0;
                for (JsonNode event : journey.events()) {
                    if (event.path("type").asInt() == Rrweb.INCREMENTAL_SNAPSHOT
                            && event.path("data").path("source").asInt() == Rrweb.INPUT
                            && event.path("data").path("id").asInt()
                                    == label.path("nodeId").asInt()) {
                        lastChange = event.path("timestamp").asLong();
                    }
                }
                clauses.add("form abandoned on “" + label.path("text").asText() + "” at "
                        + SessionStory.time(lastChange - start));
                continue;
            }
            if (type.equals("quick_back")) {
                List<JsonNode> metas = new ArrayList<>();
                journey.events().forEach(e -> {
                    if (e.path("type").asInt() == Rrweb.META) {
                        metas.add(e);
                    }
                });
                JsonNode meta = metas.get(label.path("page").asInt());
                String path =
                        URI.create(meta.path("data").path("href").asText()).getPath();
                clauses.add("quick back from " + path + " at "
                        + SessionStory.time(meta.path("timestamp").asLong() - start));
                continue;
            }
            JsonNode click = clicks.get(label.path("click").asInt());
            clauses.add(type.replace('_', ' ') + " on “" + label.path("text").asText() + "” at "
                    + SessionStory.time(click.path("timestamp").asLong() - start));
        }
        return clauses;
    }

    /** The path of the journey's last page load or route change (a journey back where it began leaves there), else the given one. */
    private static String exitPath(Journey journey, String otherwise) {
        String exit = otherwise;
        for (JsonNode event : journey.events()) {
            JsonNode data = event.path("data");
            if (event.path("type").asInt() == Rrweb.META && data.hasNonNull("href")) {
                exit = URI.create(data.get("href").asText()).getPath();
            } else if (event.path("type").asInt() == Rrweb.CUSTOM
                    && data.path("tag").asText().equals("navigation")) {
                exit = URI.create(data.path("payload").path("href").asText()).getPath();
            }
        }
        return exit;
    }

    /** What the journey typed into text fields: the text of its input events (a checkbox's "on" is no typing). */
    private static List<String> typedValues(Journey journey) {
        // each field's final value: typed key by key, its first prefixes ("a", "ad") are in any text
        java.util.Map<Integer, String> typed = new java.util.LinkedHashMap<>();
        for (JsonNode event : journey.events()) {
            JsonNode data = event.path("data");
            if (event.path("type").asInt() == Rrweb.INCREMENTAL_SNAPSHOT
                    && data.path("source").asInt() == Rrweb.INPUT
                    && !data.path("isChecked").asBoolean(false)
                    && !data.path("text").asText().isBlank()) {
                typed.put(data.path("id").asInt(), data.path("text").asText());
            }
        }
        return new ArrayList<>(typed.values());
    }

    private static JsonNode firstClick(JsonNode events) {
        for (JsonNode event : events) {
            if (Rrweb.isClick(event)) {
                return event;
            }
        }
        throw new AssertionError("no click");
    }

    private static int indexOf(ArrayNode events, JsonNode event) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == event) {
                return i;
            }
        }
        throw new AssertionError("not an event of the recording");
    }
}
