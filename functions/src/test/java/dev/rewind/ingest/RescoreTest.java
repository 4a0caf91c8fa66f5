package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.common.Refused;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.Journey;
import dev.rewind.insights.Insights;
import dev.rewind.insights.RescoreRun;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.priming.InMemoryRewind;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.AssetStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryTenantStore;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.InMemoryWorkQueue;
import dev.rewind.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-score history (docs/FRUSTRATION.md, "Re-score history") on the in-memory stores and queue: after a
 * change of the rules, a run in parts of two sessions gives the flags and the hotspots a fresh ingest under
 * the new rules gives; a second run changes nothing; a message delivered twice counts once; open sessions are
 * left alone; a start while one runs is refused; a change of the rules during a run restarts it.
 */
class RescoreTest {
    private static final String PLACE_ORDER = "button#place-order";
    /** The journey's burst is 4 clicks: a rage click by default (3), none at 5. */
    private static final FrustrationRules STRICTER = FrustrationRules.DEFAULTS.with(Map.of("rageMinClicks", 5L));

    private static final int PART = 2;
    private static final int SESSIONS = 5;

    private final Journey rage = Journey.load("place-order-rage");
    private final long recordedAt = rage.events().get(0).path("timestamp").asLong();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(recordedAt).plusSeconds(60));

    /** A tenant's stores, its wiring and a queue that delivers as SQS does. */
    private final class World {
        final InMemoryTenantStore tenants = new InMemoryTenantStore();
        final InMemorySessionIndex index = new InMemorySessionIndex();
        final InMemoryHotspots hotspots = new InMemoryHotspots(index);
        final Rewind rewind = new Rewind(
                InMemoryRewind.config(),
                clock,
                tenants,
                new InMemoryChunkStore(),
                index,
                null,
                null,
                null,
                new InMemoryUsageStore(),
                AssetStore.NONE,
                hotspots,
                Metrics.NONE);
        final Rescore rescore = new Rescore(tenants, index, hotspots, rewind.ingestion, clock, PART);
        final InMemoryWorkQueue queue = new InMemoryWorkQueue(3);
        final ScheduledWorkHandler worker = new ScheduledWorkHandler(rewind.worker(queue, rescore));

        World(FrustrationRules rules) {
            tenants.create(
                    Tenant.create("t_rescore", "Rescore", "owner@rescore.example", clock.millis()), "ik", null, null);
            setRules(rules);
        }

        Tenant tenant() {
            return tenants.find("t_rescore").orElseThrow();
        }

        void setRules(FrustrationRules rules) {
            set(tenant().retentionDays(), rules);
        }

        void setRetention(int days) {
            set(days, tenant().frustrationRules());
        }

        private void set(int retentionDays, FrustrationRules rules) {
            Tenant t = tenant();
            tenants.update(t.withSettings(
                    retentionDays,
                    t.allowedOrigins(),
                    t.sampleRate(),
                    t.maskAllText(),
                    t.consentRequired(),
                    t.urlQueryAllowList(),
                    rules,
                    t.consoleLevels(),
                    t.captureAssets(),
                    t.recordCanvas(),
                    clock.millis()));
        }

        /** The journey as a finished session of two chunks (or left open). */
        void record(String sessionId, boolean finished) {
            record(sessionId, finished, rage, 12);
        }

        /** The journey as a finished session of two chunks, cut before event {@code cut} (or left open). */
        void record(String sessionId, boolean finished, Journey journey, int cut) {
            for (ObjectNode chunk : List.of(
                    chunk(journey, sessionId, 0, 0, cut),
                    chunk(journey, sessionId, 1, cut, journey.events().size()))) {
                rewind.ingestion.ingest(
                        tenant(),
                        ChunkParser.parse(
                                ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8)), clock.millis()),
                        null);
            }
            if (finished) {
                rewind.ingestion.finish(tenant(), sessionId);
            }
        }

        RescoreRun run() {
            return rescore.progress("t_rescore").orElseThrow();
        }

        RescoreRun rescoreAll() {
            rescore.start(tenant(), queue);
            queue.drain(worker, null, 1);
            return run();
        }

        Insights.View view() {
            return rewind.insights.hotspots(tenant(), 7);
        }

        SessionRecord session(String sessionId) {
            return index.stored("t_rescore", sessionId).orElseThrow();
        }
    }

    @Test
    void aRunInPartsGivesWhatAFreshIngestUnderTheNewRulesGivesAndASecondChangesNothing() {
        // given five finished sessions of the rage journey ingested with the default rules, and one still open
        World rescored = new World(FrustrationRules.DEFAULTS);
        for (int i = 0; i < SESSIONS; i++) {
            rescored.record(sid(i), true);
        }
        rescored.record("rescore-open-000001", false);
        assertThat(rescored.session(sid(0)).state.flags()).contains("rage_click");
        assertThat(element(rescored.view()).rageClicks()).isEqualTo(SESSIONS + 1);

        // when the rules change so that the burst is no rage click, and a re-score runs, two sessions a part
        rescored.setRules(STRICTER);
        clock.advance(Duration.ofMinutes(1));
        RescoreRun run = rescored.rescoreAll();

        // then it is done: the five finished ones re-scored and changed, the open one skipped, in parts of two
        assertThat(run.done()).isTrue();
        assertThat(run.rules()).isEqualTo(STRICTER);
        assertThat(List.of(run.rescored(), run.changed(), run.skipped())).containsExactly(SESSIONS, SESSIONS, 1);
        // 6 sessions in parts of 2: the start's message, and a continuation after each full page (the last finds the
        // end)
        assertThat(rescored.queue.sent()).hasSize(4);
        assertThat(rescored.queue.sent()).allSatisfy(m -> assertThat(m.job()).isEqualTo(Job.RESCORE));
        assertThat(rescored.queue.deadLetters()).isEmpty();
        // and each session's flags are what the new rules say: no rage click; the open one is as it was
        World fresh = new World(STRICTER);
        for (int i = 0; i < SESSIONS; i++) {
            fresh.record(sid(i), true);
            assertThat(rescored.session(sid(i)).state.flags())
                    .isEqualTo(fresh.session(sid(i)).state.flags())
                    .doesNotContain("rage_click");
            assertThat(rescored.session(sid(i)).state.toJson())
                    .isEqualTo(fresh.session(sid(i)).state.toJson());
        }
        assertThat(rescored.session("rescore-open-000001").state.flags()).contains("rage_click");
        // and the hotspots are those of a fresh ingest under the new rules, besides the open session
        assertThat(rows(rescored.view())).isEqualTo(rows(withOpenAsRescored().view()));

        // when it runs again
        List<String> before = rows(rescored.view());
        RescoreRun again = rescored.rescoreAll();

        // then it changed nothing
        assertThat(List.of(again.rescored(), again.changed(), again.skipped())).containsExactly(SESSIONS, 0, 1);
        assertThat(rows(rescored.view())).isEqualTo(before);
    }

    @Test
    void aSessionWhoseFrustrationGoesLeavesItsHotspotsAndComesBackWhenTheRulesDo() {
        // given the "Archive" journey: answered after 3 s, a dead click under the default 2.5 s window
        Journey archive = Journey.load("archive-after-3s");
        World world = new World(FrustrationRules.DEFAULTS);
        world.record(sid(0), true, archive, 7);
        world.record(sid(1), true, archive, 7);
        List<String> before = rows(world.view());
        assertThat(world.view().elements())
                .singleElement()
                .satisfies(row -> assertThat(row.sessions()).isEqualTo(2));

        // when the window grows to 5 s (the click was answered within it) and the sessions are re-scored
        world.setRules(FrustrationRules.DEFAULTS.with(Map.of("deadWindowMs", 5_000L)));
        clock.advance(Duration.ofMinutes(1));
        RescoreRun run = world.rescoreAll();

        // then they have no frustration and left their hotspots: the view is empty, as a fresh ingest's is
        assertThat(run.changed()).isEqualTo(2);
        assertThat(world.session(sid(0)).state.flags()).isEmpty();
        assertThat(world.session(sid(0)).hotspotsCounted).isNull();
        assertThat(world.view().elements()).isEmpty();
        assertThat(world.view().pages()).isEmpty();

        // when the window goes back and they are re-scored again: their hotspots are as they were, replays included
        world.setRules(FrustrationRules.DEFAULTS);
        world.rescoreAll();
        assertThat(rows(world.view())).isEqualTo(before);
    }

    @Test
    void aPartDeliveredTwiceCountsOnce() {
        // given three finished sessions, the rules changed
        World world = new World(FrustrationRules.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            world.record(sid(i), true);
        }
        world.setRules(STRICTER);
        clock.advance(Duration.ofMinutes(1));

        // when the run's first message is delivered twice
        RescoreRun started = world.rescore.start(world.tenant(), world.queue);
        world.queue.send(List.of(WorkMessage.tenant(Job.RESCORE, "t_rescore", started.runId())));
        world.queue.drain(world.worker, null, 1);

        // then the run counted each session once and the hotspots count no rage click
        RescoreRun run = world.run();
        assertThat(run.done()).isTrue();
        assertThat(List.of(run.rescored(), run.changed())).containsExactly(3, 3);
        assertThat(element(world.view()).rageClicks()).isZero();
        assertThat(element(world.view()).sessions()).isEqualTo(3);
    }

    @Test
    void aStartWhileOneRunsIsRefusedAndAChangeOfTheRulesRestartsTheRun() {
        World world = new World(FrustrationRules.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            world.record(sid(i), true);
        }
        world.setRules(STRICTER);
        clock.advance(Duration.ofMinutes(1));
        world.rescore.start(world.tenant(), world.queue);

        // a second start while the first has not run is refused
        assertThatThrownBy(() -> world.rescore.start(world.tenant(), world.queue))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Refused.Reason.RESCORE_RUNNING));

        // the rules change back before the first part: the run starts over with them and applies them
        world.setRules(FrustrationRules.DEFAULTS);
        world.queue.drain(world.worker, null, 1);
        RescoreRun run = world.run();
        assertThat(run.done()).isTrue();
        assertThat(run.rules()).isEqualTo(FrustrationRules.DEFAULTS);
        assertThat(List.of(run.rescored(), run.changed())).containsExactly(3, 0);
        assertThat(element(world.view()).rageClicks()).isEqualTo(3);

        // a run that recorded no progress for longer than STALLED is replaced by a new start
        world.rescore.start(world.tenant(), new InMemoryWorkQueue(3)); // its message is never delivered
        clock.advance(Rescore.STALLED.plusMinutes(1));
        assertThat(world.rescore.start(world.tenant(), world.queue).done()).isFalse();
    }

    @Test
    void sessionsPastRetentionAreSkippedAndAggregatesNoViewReachesAreNotWrittenAgain() {
        // given two finished sessions, kept 90 days, and the rules changed
        World world = new World(FrustrationRules.DEFAULTS);
        world.setRetention(90);
        world.record(sid(0), true);
        world.record(sid(1), true);
        world.setRules(STRICTER);
        java.time.LocalDate day =
                java.time.LocalDate.ofInstant(Instant.ofEpochMilli(recordedAt), java.time.ZoneOffset.UTC);
        List<dev.rewind.insights.Hotspot> aggregates = world.hotspots.between("t_rescore", day, day);

        // when a re-score runs 70 days later: in retention, but past the 61 days an aggregate is kept
        clock.advance(Duration.ofDays(70));
        RescoreRun run = world.rescoreAll();

        // then both were re-scored (no rage click any more) and their aggregates, gone by TTL in DynamoDB, were
        // not written again
        assertThat(List.of(run.rescored(), run.changed(), run.skipped())).containsExactly(2, 2, 0);
        assertThat(world.session(sid(0)).state.flags()).containsExactly("dead_click");
        assertThat(world.hotspots.between("t_rescore", day, day)).isEqualTo(aggregates);

        // and 100 days on, past the retention, they are left to the sweep
        clock.advance(Duration.ofDays(30));
        world.setRules(FrustrationRules.DEFAULTS);
        RescoreRun late = world.rescoreAll();
        assertThat(List.of(late.rescored(), late.changed(), late.skipped())).containsExactly(0, 0, 2);
        assertThat(world.session(sid(0)).state.flags()).containsExactly("dead_click");
    }

    @Test
    void aRunWhoseMessageCouldNotBeSentDoesNotBlockTheNextStart() {
        World world = new World(FrustrationRules.DEFAULTS);
        world.record(sid(0), true);
        world.setRules(STRICTER);

        // when the queue is unreachable at the start, the start fails
        assertThatThrownBy(() -> world.rescore.start(world.tenant(), messages -> {
                    throw new dev.rewind.common.StoreUnavailable(new IllegalStateException("the queue is unreachable"));
                }))
                .isInstanceOf(dev.rewind.common.StoreUnavailable.class);

        // then the next start is not refused, and runs
        RescoreRun run = world.rescoreAll();
        assertThat(run.done()).isTrue();
        assertThat(run.changed()).isEqualTo(1);
    }

    /** The fresh world's open session counted as the rescored world's (it kept its old rules' rage click). */
    private World withOpenAsRescored() {
        World expected = new World(STRICTER);
        for (int i = 0; i < SESSIONS; i++) {
            expected.record(sid(i), true);
        }
        expected.setRules(FrustrationRules.DEFAULTS);
        expected.record("rescore-open-000001", false);
        return expected;
    }

    private static String sid(int i) {
        return String.format("rescore-session-%04d", i);
    }

    private static Insights.Row element(Insights.View view) {
        return view.elements().stream()
                .filter(r -> PLACE_ORDER.equals(r.selector()))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Every row of the view: its counts and how many replays (which ones is the latest by time, and the
     * sessions' moments are all at the same time here).
     */
    private static List<String> rows(Insights.View view) {
        return java.util.stream.Stream.concat(view.elements().stream(), view.pages().stream())
                .map(r -> String.join(
                        " ",
                        r.page(),
                        String.valueOf(r.selector()),
                        "rage=" + r.rageClicks(),
                        "dead=" + r.deadClicks(),
                        "errorClicks=" + r.errorClicks(),
                        "errors=" + r.errors(),
                        "sessions=" + r.sessions(),
                        "users=" + r.users(),
                        "replays=" + r.replays().size()))
                .toList();
    }

    private static ObjectNode chunk(Journey journey, String sessionId, int seq, int from, int to) {
        ArrayNode slice = Json.MAPPER.createArrayNode();
        for (int e = from; e < to; e++) {
            slice.add(journey.events().get(e));
        }
        ObjectNode envelope = Json.object().put("sessionId", sessionId).put("seq", seq);
        envelope.putObject("meta").put("url", journey.meta().path("url").asText());
        envelope.set("events", slice);
        return envelope;
    }
}
