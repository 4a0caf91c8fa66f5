package dev.rewind.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.common.Metrics;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.priming.InMemoryRewind;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.FailingChunkDeletes;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryTenantStore;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.InMemoryWorkQueue;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fan-out of the scheduled jobs (docs/SCALE.md, "Fan-out") on the in-memory stores and queue: the
 * planner reaches every tenant however many pages they take, a tenant bigger than one budget is finished
 * through continuations, a failed session makes its message come back (and, failing for good, end in the
 * dead letters), and a message delivered twice does no harm.
 */
class FanOutTest {
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
    /** No time at all: each message does one page and continues. */
    private static final int NO_TIME = 0;

    private final MutableClock clock = MutableClock.now();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemorySessionIndex index = new InMemorySessionIndex();
    private final FailingChunkDeletes failingDeletes = new FailingChunkDeletes();
    private final ChunkStore chunks = failingDeletes.around(new InMemoryChunkStore());
    private final Rewind rewind = new Rewind(
            InMemoryRewind.config(),
            clock,
            tenants,
            chunks,
            index,
            null,
            null,
            null,
            new InMemoryUsageStore(),
            AssetStore.NONE,
            new InMemoryHotspots(index),
            Metrics.NONE);
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(3);
    private final ScheduledWorkHandler worker = new ScheduledWorkHandler(rewind, queue);

    @Test
    void everyTenantIsReachedWhenThePlannerRunsOutOfTimeAfterEachPage() {
        // given 23 tenants with an expired and a young session each
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(tenant("t_fan" + String.format("%03d", i)));
        }
        ids.forEach(id -> record(id, sid("old-" + id), 1));
        clock.advance(Duration.ofDays(31));
        ids.forEach(id -> record(id, sid("young-" + id), 1));

        // when the planner reads pages of 5 tenants with no time left after the first, and so do the workers draining
        // the queue
        Planner planner = new Planner(tenants, queue, 5);
        Planner.Plan plan = planner.plan(Job.RETENTION_SWEEP, null, Duration.ZERO);
        ScheduledWorkHandler pagedWorker = new ScheduledWorkHandler(
                new Worker(Map.of(Job.RETENTION_SWEEP, rewind.retentionSweep), planner, queue));
        queue.drain(pagedWorker, LambdaContexts.remaining("ScheduledWork", NO_TIME), 5);

        // then planning went on through its own continuations until every tenant had its message, and each was swept
        assertThat(plan).isEqualTo(new Planner.Plan(5, 1, false));
        assertThat(queue.sent().stream().filter(WorkMessage::planning).count()).isEqualTo(4);
        assertThat(queue.sent().stream().filter(m -> !m.planning()).map(WorkMessage::tenantId))
                .containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(listed(id)).as(id).containsExactly(sid("young-" + id));
        }
        assertThat(queue.deadLetters()).isEmpty();
    }

    @Test
    void aTenantWithMoreSessionsThanOneBudgetIsFinishedThroughContinuations() {
        // given a tenant with 250 expired sessions (three index pages of 100) and a young one
        String shop = tenant("t_big");
        for (int i = 0; i < 250; i++) {
            record(shop, sid(String.format("old-%03d", i)), 1);
        }
        clock.advance(Duration.ofDays(31));
        record(shop, sid("young"), 1);

        // when the sweep is planned and every message gets no time beyond its first page
        rewind.planner(queue).plan(Job.RETENTION_SWEEP, null, Duration.ofMinutes(1));
        queue.drain(worker, LambdaContexts.remaining("ScheduledWork", NO_TIME), 1);

        // then three parts, the second and third from where the one before stopped, erased every expired session
        List<WorkMessage> parts =
                queue.sent().stream().filter(m -> shop.equals(m.tenantId())).toList();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).cursor()).isNull();
        assertThat(parts.get(1).cursor()).isNotNull().isNotEqualTo(parts.get(2).cursor());
        assertThat(listed(shop)).containsExactly(sid("young"));
        assertThat(chunks.keys(shop)).hasSize(1);
    }

    @Test
    void anIdleFinisherContinuationSkipsTheActiveSessionsItAlreadyPassed() {
        // given a tenant with 150 sessions still receiving chunks, all started over 30 minutes ago, then 60 idle ones
        String shop = tenant("t_live");
        for (int i = 0; i < 150; i++) {
            record(shop, sid(String.format("a-%03d", i)), 1);
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 60; i++) {
            record(shop, sid(String.format("i-%03d", i)), 1);
        }
        clock.advance(Duration.ofMinutes(31));
        for (int i = 0; i < 150; i++) {
            record(shop, sid(String.format("a-%03d", i)), 2, 1);
        }

        // when the finisher is planned and each message gets one page
        rewind.planner(queue).plan(Job.FINISH_IDLE_SESSIONS, null, Duration.ofMinutes(1));
        queue.drain(worker, LambdaContexts.remaining("ScheduledWork", NO_TIME), 1);

        // then the idle ones are finished, the active ones stay open, in three parts (100 + 100 + 10 entries)
        assertThat(queue.sent().stream().filter(m -> shop.equals(m.tenantId()))).hasSize(3);
        assertThat(index.stored(shop, sid("i-000")).orElseThrow().isOpen()).isFalse();
        assertThat(index.stored(shop, sid("i-059")).orElseThrow().isOpen()).isFalse();
        assertThat(index.stored(shop, sid("a-149")).orElseThrow().isOpen()).isTrue();
    }

    @Test
    void aFailedSessionMakesItsMessageComeBackAndFailingForGoodEndsInTheDeadLetters() {
        // given two tenants with expired sessions; one tenant's chunk deletes fail once, the other's always
        String flaky = tenant("t_flaky");
        String broken = tenant("t_broken");
        String fine = tenant("t_fine");
        record(flaky, sid("old-flaky"), 1);
        record(broken, sid("old-broken"), 1);
        record(fine, sid("old-fine"), 1);
        clock.advance(Duration.ofDays(31));
        failingDeletes.fail(flaky, 1);
        failingDeletes.fail(broken, 1000);

        // when the sweep is planned and drained
        rewind.planner(queue).plan(Job.RETENTION_SWEEP, null, Duration.ofMinutes(1));
        queue.drain(worker, LambdaContexts.remaining("ScheduledWork", 120_000), 10);

        // then the flaky tenant's message came back and its session went; the broken one's was dead-lettered after 3
        // receives
        assertThat(listed(flaky)).isEmpty();
        assertThat(listed(fine)).isEmpty();
        assertThat(listed(broken)).containsExactly(sid("old-broken"));
        assertThat(queue.deadLetters()).containsExactly(WorkMessage.tenant(Job.RETENTION_SWEEP, broken, null));
        assertThat(failingDeletes.left(broken)).isEqualTo(1000 - 3);
    }

    @Test
    void aMessageDeliveredTwiceDoesNoHarm() {
        // given a tenant with expired sessions and young ones
        String shop = tenant("t_twice");
        record(shop, sid("old-1"), 2);
        record(shop, sid("old-2"), 1);
        clock.advance(Duration.ofDays(31));
        record(shop, sid("young"), 3);
        List<String> youngChunks = chunks.keys(shop).stream()
                .filter(key -> key.contains(sid("young")))
                .toList();
        assertThat(youngChunks).hasSize(3);

        // when its message is delivered twice (SQS delivers at least once)
        queue.send(List.of(
                WorkMessage.tenant(Job.RETENTION_SWEEP, shop, null),
                WorkMessage.tenant(Job.RETENTION_SWEEP, shop, null)));
        int invocations = queue.drain(worker, LambdaContexts.remaining("ScheduledWork", 120_000), 1);

        // then both succeeded, and the young session is exactly as it was
        assertThat(invocations).isEqualTo(2);
        assertThat(queue.deadLetters()).isEmpty();
        assertThat(listed(shop)).containsExactly(sid("young"));
        assertThat(chunks.keys(shop)).isEqualTo(youngChunks);
    }

    @Test
    void aMessageThatIsNoWorkIsABatchItemFailureAndEndsInTheDeadLetters() {
        // given a message naming no known job
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> WorkMessage.fromJson("{\"job\":\"mine-bitcoin\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        // a gone tenant's message is done at once, with nothing to do
        queue.send(List.of(WorkMessage.tenant(Job.FINISH_IDLE_SESSIONS, "t_gone", null)));
        queue.drain(worker, LambdaContexts.remaining("ScheduledWork", 120_000), 1);
        assertThat(queue.deadLetters()).isEmpty();
    }

    /** A session id as the recorder makes them (16 characters at least). */
    private static String sid(String name) {
        return "session-" + name.replace("_", "-") + "-0000000";
    }

    /** The tenant's sessions the by-start index still has, oldest first. */
    private List<String> listed(String tenantId) {
        return index.startedBefore(tenantId, Long.MAX_VALUE, null, 1000).stream()
                .map(SessionIndex.StartEntry::sessionId)
                .toList();
    }

    private String tenant(String tenantId) {
        tenants.create(
                Tenant.create(tenantId, tenantId, "owner@" + tenantId + ".example", clock.millis()),
                "ik-" + tenantId,
                null,
                null);
        return tenantId;
    }

    private void record(String tenantId, String sessionId, int chunkCount) {
        record(tenantId, sessionId, chunkCount, 0);
    }

    private void record(String tenantId, String sessionId, int chunkCount, int firstSeq) {
        Tenant tenant = tenants.find(tenantId).orElseThrow();
        for (int seq = firstSeq; seq < firstSeq + chunkCount; seq++) {
            rewind.ingestion.ingest(
                    tenant,
                    ChunkParser.parse(
                            Chunks.gzip(
                                    Chunks.envelope(sessionId, seq, Chunks.events(clock.millis() + seq * 1000L, 3))),
                            clock.millis()),
                    USER_AGENT);
        }
    }
}
