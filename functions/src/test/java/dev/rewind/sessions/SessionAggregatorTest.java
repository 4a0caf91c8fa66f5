package dev.rewind.sessions;

import static dev.rewind.frustration.Events.element;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.Events;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.FrustrationType;
import org.junit.jupiter.api.Test;

/** The session metadata of the list (docs/FRUSTRATION.md), folded from the chunks. */
class SessionAggregatorTest {

    private static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    @Test
    void startEndAndDurationSpanEveryEvent() {
        // given
        JsonNode first =
                new Events().meta(0, "https://a.example/").mouseMove(500).build();
        JsonNode second = new Events().mouseMove(4000).mouseMove(61_000).build();

        // when
        SessionState state = aggregate(first, second);

        // then
        assertThat(state.startedAt()).isEqualTo(Events.T0);
        assertThat(state.endedAt()).isEqualTo(Events.T0 + 61_000);
        assertThat(state.durationMs()).isEqualTo(61_000);
        assertThat(state.eventCount()).isEqualTo(4);
        assertThat(state.chunkCount()).isEqualTo(2);
    }

    @Test
    void anEmptySessionHasNoTimes() {
        SessionState state = SessionState.empty();

        assertThat(state.startedAt()).isZero();
        assertThat(state.endedAt()).isZero();
        assertThat(state.durationMs()).isZero();
        assertThat(state.flags()).isEmpty();
        assertThat(state.frustrations()).isEmpty();
    }

    @Test
    void pagesAreCountedFromPageLoadsAndNavigations() {
        // given: a page load, a route change, a repeated snapshot of the same page, another load
        JsonNode events = new Events()
                .meta(0, "https://shop.example/")
                .navigation(1000, "https://shop.example/cart")
                .meta(2000, "https://shop.example/cart")
                .meta(3000, "https://shop.example/checkout")
                .navigation(4000, "https://shop.example/")
                .build();

        // when
        SessionState state = aggregate(events);

        // then
        assertThat(state.entryUrl()).isEqualTo("https://shop.example/");
        assertThat(state.pageCount()).isEqualTo(4);
        assertThat(state.urls())
                .containsExactly("https://shop.example/", "https://shop.example/cart", "https://shop.example/checkout");
    }

    @Test
    void theChunkMetaUrlIsKnownButIsNoPageViewOfItsOwn() {
        // given: a recording without Meta events, its URL only in the chunk meta
        JsonNode events = new Events().mouseMove(0).build();
        ChunkMeta meta = new ChunkMeta("https://shop.example/landing", null, null, null, null, null);

        // when
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(events, meta);
        aggregator.acceptChunk(events, new ChunkMeta("https://shop.example/other", null, null, null, null, null));

        // then
        SessionState state = aggregator.state();
        assertThat(state.entryUrl()).isEqualTo("https://shop.example/landing");
        assertThat(state.pageCount()).isEqualTo(1);
        assertThat(state.urls()).containsExactly("https://shop.example/landing", "https://shop.example/other");
    }

    @Test
    void visitedUrlsAreBoundedButPageViewsAreCountedOnward() {
        // given
        Events recording = new Events();
        for (int page = 0; page < 70; page++) {
            recording.meta(page * 1000L, "https://shop.example/item/" + page);
        }

        // when
        SessionState state = aggregate(recording.build());

        // then
        assertThat(state.urls()).hasSize(SessionLimits.MAX_URLS);
        assertThat(state.urls().get(SessionLimits.MAX_URLS - 1)).isEqualTo("https://shop.example/item/49");
        assertThat(state.pageCount()).isEqualTo(70);
    }

    @Test
    void theUserIdComesFromIdentifyOrTheChunkMetaTheLatestWinning() {
        // given
        JsonNode anonymous = new Events().meta(0, Events.PAGE).build();
        JsonNode identified = new Events().identify(1000, "user-42").build();
        JsonNode renamed = new Events().mouseMove(2000).build();

        // when
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(anonymous, ChunkMeta.NONE);
        String beforeIdentify = aggregator.state().userId();
        aggregator.acceptChunk(identified, ChunkMeta.NONE);
        String afterIdentify = aggregator.state().userId();
        aggregator.acceptChunk(renamed, new ChunkMeta(null, null, "user-43", null, null, null));

        // then
        assertThat(beforeIdentify).isNull();
        assertThat(afterIdentify).isEqualTo("user-42");
        assertThat(aggregator.state().userId()).isEqualTo("user-43");
    }

    @Test
    void browserOsAndDeviceComeFromTheFirstUserAgent() {
        // given
        JsonNode events = new Events().meta(0, Events.PAGE).build();

        // when
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(events, new ChunkMeta(null, null, null, CHROME_ON_MAC, null, null));
        aggregator.acceptChunk(
                events, new ChunkMeta(null, null, null, "Mozilla/5.0 (iPhone) Mobile Safari", null, null));

        // then
        SessionState state = aggregator.state();
        assertThat(state.browser()).isEqualTo("Chrome");
        assertThat(state.os()).isEqualTo("macOS");
        assertThat(state.device()).isEqualTo("desktop");
    }

    @Test
    void clicksErrorsAndFrustrationsAreCountedAndFlagged() {
        // given: a broken button clicked four times, then an error out of the blue
        Events recording = Events.page(element(10, "button"));
        for (int i = 0; i < 4; i++) {
            recording.click(1000 + i * 200L, 10, 50, 50);
        }
        recording.error(9000, "late failure").mouseMove(12_000);

        // when
        SessionState state = aggregate(recording.build());

        // then
        assertThat(state.clickCount()).isEqualTo(4);
        assertThat(state.rageClickCount()).isEqualTo(1);
        assertThat(state.deadClickCount()).isZero();
        assertThat(state.errorClickCount()).isZero();
        assertThat(state.errorCount()).isEqualTo(1);
        assertThat(state.flags()).containsExactly("error", "rage_click");
        assertThat(state.frustrations())
                .extracting(f -> f.type(), f -> f.offsetMs())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FrustrationType.RAGE_CLICK, 1000L),
                        org.assertj.core.groups.Tuple.tuple(FrustrationType.ERROR, 9000L));
    }

    @Test
    void frustrationsAreKeptUpToABoundPerTypeWhileTheCountsStayExact() {
        // given: many errors, then one rage click
        Events recording = Events.page();
        for (int i = 0; i < 120; i++) {
            recording.error(1000 + i, "loop");
        }
        recording.click(5000, 3, 10, 10).click(5100, 3, 10, 10).click(5200, 3, 10, 10);

        // when
        SessionState state = aggregate(recording.build());

        // then
        assertThat(state.errorCount()).isEqualTo(120);
        assertThat(state.frustrations())
                .filteredOn(f -> f.type() == FrustrationType.ERROR)
                .hasSize(SessionLimits.MAX_FRUSTRATIONS_PER_TYPE)
                .allSatisfy(f -> assertThat(f.offsetMs()).isLessThan(1000 + SessionLimits.MAX_FRUSTRATIONS_PER_TYPE));
        assertThat(state.frustrations())
                .filteredOn(f -> f.type() == FrustrationType.RAGE_CLICK)
                .hasSize(1);
    }

    @Test
    void finishingTwiceChangesNothing() {
        // given: a dead click still waiting when the session ends
        JsonNode events =
                Events.page(element(10, "button")).click(1000, 10, 50, 50).build();
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(events, ChunkMeta.NONE);

        // when
        aggregator.finish();
        String once = aggregator.state().toJson();
        aggregator.finish();

        // then
        assertThat(aggregator.state().deadClickCount()).isEqualTo(1);
        assertThat(aggregator.state().toJson()).isEqualTo(once);
    }

    @Test
    void malformedEventsAreCountedButNeverBreakTheAggregation() {
        // given
        JsonNode events = dev.rewind.common.Json.MAPPER
                .createArrayNode()
                .add("not an event")
                .add(dev.rewind.common.Json.object().put("type", "3").put("timestamp", "soon"))
                .add(dev.rewind.common.Json.object().put("type", 3).put("timestamp", Events.T0))
                .add(dev.rewind.common.Json.object()
                        .put("type", 4)
                        .put("timestamp", Events.T0 + 5)
                        .put("data", 7))
                .add(dev.rewind.common.Json.object().put("type", 5).put("timestamp", Events.T0 + 6));

        // when
        SessionState state = aggregate(events);

        // then
        assertThat(state.eventCount()).isEqualTo(4);
        assertThat(state.startedAt()).isEqualTo(Events.T0);
        assertThat(state.frustrations()).isEmpty();
    }

    private static SessionState aggregate(JsonNode... chunks) {
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        for (JsonNode chunk : chunks) {
            aggregator.acceptChunk(chunk, ChunkMeta.NONE);
        }
        aggregator.finish();
        return aggregator.state();
    }
}
