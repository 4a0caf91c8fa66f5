package dev.rewind.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.frustration.Journey;
import dev.rewind.ingest.Chunk;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.Ingestion;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import dev.rewind.usage.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hotspot aggregates (docs/INSIGHTS.md) on the labelled journeys, ingested as the pipeline ingests them
 * (in-memory stores): counted once per session however often its chunks and its finish arrive, sessions
 * and users affected, the change against the period before, the page each frustration happened on, and
 * replays only of sessions that still exist.
 */
class HotspotsTest {
    private static final String CHECKOUT = "http://127.0.0.1:34791/checkout.html";
    private static final String PLACE_ORDER = "button#place-order";
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final Journey rage = Journey.load("place-order-rage");
    private final long recordedAt = rage.events().get(0).path("timestamp").asLong();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(recordedAt).plusSeconds(60));
    private final Tenant tenant = Tenant.create("t_insights", "Insights", "owner@insights.example", clock.millis());
    private final InMemorySessionIndex index = new InMemorySessionIndex();
    private final InMemoryHotspots hotspots = new InMemoryHotspots(index);
    private final Ingestion ingestion = new Ingestion(
            new InMemoryChunkStore(),
            index,
            hotspots,
            new UsageMeter(new InMemoryUsageStore(), clock),
            Metrics.NONE,
            clock);
    private final Insights insights = new Insights(hotspots, clock);

    @Test
    void aSessionCountsOnceHoweverOftenItsChunksAndItsFinishArrive() {
        // given the rage journey in two chunks, each sent twice, in both orders, and the session finished twice
        String session = "session-once-0000001";
        List<Chunk> chunks = chunks(session, rage.events(), null, 0, 12);
        ingestion.ingest(tenant, chunks.get(1), null);
        ingestion.ingest(tenant, chunks.get(0), null);
        ingestion.ingest(tenant, chunks.get(1), null);
        ingestion.ingest(tenant, chunks.get(0), null);
        ingestion.finish(tenant, session);
        ingestion.finish(tenant, session);

        // when the 7-day view is read
        Insights.View view = view(7);

        // then the button has the journey's one rage click (the burst is not also a dead click,
        // docs/FRUSTRATION.md), in one session
        Insights.Row button = element(view, PLACE_ORDER);
        assertThat(button.page()).isEqualTo(CHECKOUT);
        assertThat(button.rageClicks()).isEqualTo(1);
        assertThat(button.deadClicks()).isZero();
        assertThat(button.sessions()).isEqualTo(1);
        assertThat(button.users()).isZero();
        // and its replay opens at the rage click, the first frustration there
        long rageAt = index.stored(tenant.tenantId(), session)
                .orElseThrow()
                .state
                .frustrations()
                .get(0)
                .offsetMs();
        assertThat(button.replays()).singleElement().satisfies(replay -> {
            assertThat(replay.sessionId()).isEqualTo(session);
            assertThat(replay.offsetMs()).isEqualTo(rageAt);
        });
        // and the page has the same counts
        Insights.Row page = page(view, CHECKOUT);
        assertThat(page.rageClicks()).isEqualTo(1);
        assertThat(page.deadClicks()).isZero();
        assertThat(page.sessions()).isEqualTo(1);
    }

    @Test
    void sessionsAndDistinctUsersAddUpAcrossSessionsAndTheLatestReplaysComeFirst() {
        // given the journey by user u1 twice, by u2 once and anonymously once, a minute apart
        ingestWhole("session-users-000001", rage.events(), "u1");
        ingestWhole("session-users-000002", shifted(rage.events(), 60_000), "u2");
        ingestWhole("session-users-000003", shifted(rage.events(), 120_000), "u1");
        ingestWhole("session-users-000004", shifted(rage.events(), 180_000), null);
        clock.advance(Duration.ofMinutes(5));

        // when the view is read
        Insights.Row button = element(view(7), PLACE_ORDER);

        // then four sessions, two users, and the three latest replays, newest first
        assertThat(button.sessions()).isEqualTo(4);
        assertThat(button.users()).isEqualTo(2);
        assertThat(button.rageClicks()).isEqualTo(4);
        assertThat(button.replays())
                .extracting(Insights.Replay::sessionId)
                .containsExactly("session-users-000004", "session-users-000003", "session-users-000002");
    }

    @Test
    void theChangeIsAgainstThePeriodBefore() {
        // given one session 10 days ago and two today
        ingestWhole("session-change-00001", shifted(rage.events(), -10 * DAY), null);
        ingestWhole("session-change-00002", rage.events(), null);
        ingestWhole("session-change-00003", shifted(rage.events(), 60_000), null);
        clock.advance(Duration.ofMinutes(5));

        // then the 7-day view counts today's two against the one of the 7 days before
        Insights.Row week = element(view(7), PLACE_ORDER);
        assertThat(week.sessions()).isEqualTo(2);
        assertThat(week.previousSessions()).isEqualTo(1);
        // and the 30-day view counts all three, against none
        Insights.Row month = element(view(30), PLACE_ORDER);
        assertThat(month.sessions()).isEqualTo(3);
        assertThat(month.previousSessions()).isZero();
    }

    @Test
    void aFrustrationCountsOnThePageItHappenedOnNormalised() {
        // given a session that loads an order page, then another order page, with an error on each
        long t0 = recordedAt;
        ArrayNode events = Json.MAPPER.createArrayNode();
        events.add(meta(t0, "https://shop.example/orders/17?tab=items"));
        events.add(error(t0 + 500));
        events.add(meta(t0 + 1_000, "https://shop.example/account"));
        events.add(error(t0 + 2_000));
        events.add(meta(t0 + 3_000, "https://shop.example/orders/9921"));
        events.add(error(t0 + 4_000));
        ingestWhole("session-pages-000001", events, null);

        // when the view is read
        Insights.View view = view(7);

        // then both order pages are one page, with two errors; the account page has one; errors name no element
        assertThat(page(view, "https://shop.example/orders/:id").errors()).isEqualTo(2);
        assertThat(page(view, "https://shop.example/orders/:id").sessions()).isEqualTo(1);
        assertThat(page(view, "https://shop.example/account").errors()).isEqualTo(1);
        assertThat(view.elements()).isEmpty();
    }

    @Test
    void replaysOfDeletedSessionsAndOfSessionsPastRetentionAreLeftOutButStillCounted() {
        // given three sessions; one is deleted, one started 8 days ago under a 7-day retention
        Tenant shortRetention = tenant.withSettings(
                7,
                tenant.allowedOrigins(),
                tenant.sampleRate(),
                tenant.maskAllText(),
                tenant.consentRequired(),
                tenant.urlQueryAllowList(),
                tenant.frustrationRules(),
                tenant.consoleLevels(),
                tenant.captureAssets(),
                tenant.recordCanvas(),
                clock.millis());
        ingestWhole("session-gone-0000001", shifted(rage.events(), -8 * DAY), null);
        ingestWhole("session-gone-0000002", rage.events(), null);
        ingestWhole("session-gone-0000003", shifted(rage.events(), 60_000), null);
        index.replaceWithTombstone(
                tenant.tenantId(), "session-gone-0000003", clock.millis(), clock.millis() / 1000 + 3600);
        clock.advance(Duration.ofMinutes(5));

        // when the 30-day view is read for the tenant with the short retention
        Insights.Row button = element(insights.hotspots(shortRetention, 30), PLACE_ORDER);

        // then the counts stay, and only the live session in retention is offered as a replay
        assertThat(button.sessions()).isEqualTo(3);
        assertThat(button.replays()).extracting(Insights.Replay::sessionId).containsExactly("session-gone-0000002");
    }

    @Test
    void aSessionWithoutFrustrationsWritesNoHotspot() {
        // given a clean journey
        Journey clean = Journey.load("continue-navigates");
        ingestWhole("session-clean-000001", clean.events(), null);

        // then no view has a row, and the session counted nothing
        assertThat(view(7).pages()).isEmpty();
        SessionRecord stored =
                index.stored(tenant.tenantId(), "session-clean-000001").orElseThrow();
        assertThat(stored.hotspotsCounted).isNull();
    }

    @Test
    void thePageSignalsCountOnTheirPageAndTheAbandonedFieldOnceEach() {
        // given a session: a sign-up form changed and left for the pricing page, back within 2 s (a quick back
        // off pricing), then the sign-up page scrolled up and down; its chunks sent twice, finished twice
        String signUp = "https://shop.example/signup";
        String pricing = "https://shop.example/pricing";
        dev.rewind.frustration.Events recording = new dev.rewind.frustration.Events()
                .meta(0, signUp)
                .snapshot(
                        1,
                        dev.rewind.frustration.Events.withChildren(
                                dev.rewind.frustration.Events.element(10, "form"),
                                dev.rewind.frustration.Events.element(11, "input", "id", "email")))
                .typed(1000, 11, "me@example.com")
                .meta(20_000, pricing)
                .meta(22_000, signUp);
        int[] positions = {0, 700, 200, 900, 100, 800};
        for (int i = 0; i < positions.length; i++) {
            recording.scrollTo(23_000 + 400L * i, 1, positions[i]);
        }
        JsonNode events = shifted(recording.build(), recordedAt - dev.rewind.frustration.Events.T0);
        String session = "session-pages-000001";
        List<Chunk> chunks = chunks(session, events, null, 0, 4);
        for (int twice = 0; twice < 2; twice++) {
            chunks.forEach(chunk -> ingestion.ingest(tenant, chunk, null));
            ingestion.finish(tenant, session);
        }

        // when
        Insights.View view = view(7);

        // then
        Insights.Row field = element(view, "input#email");
        assertThat(field.page()).isEqualTo(signUp);
        assertThat(field.formAbandonments()).isEqualTo(1);
        assertThat(field.sessions()).isEqualTo(1);
        assertThat(page(view, pricing).quickBacks()).isEqualTo(1);
        assertThat(page(view, pricing).formAbandonments()).isZero();
        assertThat(page(view, signUp).excessiveScrolls()).isEqualTo(1);
        assertThat(page(view, signUp).formAbandonments()).isEqualTo(1);
        assertThat(page(view, signUp).quickBacks()).isZero();
    }

    private Insights.View view(int days) {
        return insights.hotspots(tenant, days);
    }

    private static Insights.Row element(Insights.View view, String selector) {
        return view.elements().stream()
                .filter(r -> selector.equals(r.selector()))
                .findFirst()
                .orElseThrow();
    }

    private static Insights.Row page(Insights.View view, String page) {
        return view.pages().stream()
                .filter(r -> page.equals(r.page()))
                .findFirst()
                .orElseThrow();
    }

    private void ingestWhole(String session, JsonNode events, String userId) {
        for (Chunk chunk : chunks(session, events, userId, 0)) {
            ingestion.ingest(tenant, chunk, null);
        }
        ingestion.finish(tenant, session);
    }

    /** The events as chunks split before each boundary, each with the journey page's meta. */
    private List<Chunk> chunks(String session, JsonNode events, String userId, int... boundaries) {
        List<Chunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < boundaries.length; i++) {
            int from = boundaries[i];
            int to = i + 1 < boundaries.length ? boundaries[i + 1] : events.size();
            ArrayNode slice = Json.MAPPER.createArrayNode();
            for (int e = from; e < to; e++) {
                slice.add(events.get(e));
            }
            ObjectNode envelope = Json.object().put("sessionId", session).put("seq", i);
            ObjectNode meta = envelope.putObject("meta")
                    .put("url", rage.meta().path("url").asText());
            if (userId != null) {
                meta.put("userId", userId);
            }
            envelope.set("events", slice);
            chunks.add(ChunkParser.parse(
                    ChunkParser.gzip(Json.write(envelope).getBytes(StandardCharsets.UTF_8)),
                    slice.get(slice.size() - 1).path("timestamp").asLong() + 1_000));
        }
        return chunks;
    }

    private static ArrayNode shifted(JsonNode events, long by) {
        ArrayNode copy = Json.MAPPER.createArrayNode();
        for (JsonNode event : events) {
            ObjectNode e = event.deepCopy();
            e.put("timestamp", e.path("timestamp").asLong() + by);
            copy.add(e);
        }
        return copy;
    }

    private static ObjectNode meta(long at, String href) {
        ObjectNode meta = Json.object().put("type", 4).put("timestamp", at);
        meta.putObject("data").put("href", href).put("width", 1280).put("height", 720);
        return meta;
    }

    private static ObjectNode error(long at) {
        ObjectNode error = Json.object().put("type", 5).put("timestamp", at);
        error.putObject("data").put("tag", "error").putObject("payload").put("message", "TypeError: x is undefined");
        return error;
    }
}
