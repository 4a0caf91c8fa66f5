package dev.rewind.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.common.Metrics;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.FailingChunkDeletes;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.SqsQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fan-out (docs/SCALE.md, "Fan-out") on the emulator: the work queue in SQS, the sessions in DynamoDB
 * and S3, the worker handed the SQS events Lambda's event source builds, by several pollers at once.
 */
class ScheduledWorkIT {
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
    private static final SqsClient SQS = AwsClients.sqs();
    private static final int MAX_RECEIVES = 3;

    private final MutableClock clock = MutableClock.now();
    private final Rewind stored = Emulator.freshRewind(clock);
    private final FailingChunkDeletes failingDeletes = new FailingChunkDeletes();
    private final Rewind rewind = new Rewind(
            stored.config,
            clock,
            stored.tenants,
            failingDeletes.around(stored.chunks),
            stored.sessions,
            stored.teams,
            stored.audit,
            null,
            stored.usage,
            stored.assetStore,
            stored.hotspots,
            Metrics.NONE);
    private final SqsQueues.Queue queue =
            SqsQueues.create(SQS, "it-work-" + UUID.randomUUID().toString().substring(0, 8), MAX_RECEIVES);
    /** Every message the planner and the workers sent. */
    private final List<WorkMessage> sent = Collections.synchronizedList(new ArrayList<>());

    private final WorkQueue workQueue = counted(SqsWorkQueue.create(SQS, queue.url()));

    @Test
    void everyTenantIsReachedAndATenantBiggerThanABudgetIsFinishedThroughContinuations() {
        // given 12 tenants with an expired and a young session each, and one with 130 expired sessions (two index
        // pages)
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(tenant(String.format("t_it%02d", i)));
        }
        String big = tenant("t_itbig");
        ids.forEach(id -> record(id, sid("old-" + id)));
        for (int i = 0; i < 130; i++) {
            record(big, sid(String.format("old-%03d", i)));
        }
        clock.advance(Duration.ofDays(31));
        ids.forEach(id -> record(id, sid("young-" + id)));

        // when the planner reads pages of 4 tenants, out of time after each, and 3 pollers drain the queue, each
        // message given no time beyond its first page
        Planner planner = new Planner(rewind.tenants, workQueue, 4);
        planner.plan(Job.RETENTION_SWEEP, null, Duration.ZERO);
        ScheduledWorkHandler worker = new ScheduledWorkHandler(new Worker(
                Map.of(Job.RETENTION_SWEEP, rewind.retentionSweep, Job.FINISH_IDLE_SESSIONS, rewind.idleSessions),
                planner,
                workQueue));
        SqsQueues.Drained drained =
                SqsQueues.drain(SQS, queue, worker, LambdaContexts.remaining("ScheduledWork", 0), 3, 5);

        // then the planning went on through its continuations to the last tenant, every tenant was swept, and
        // the big one in two parts, the second from where the first stopped
        assertThat(sent.stream().filter(WorkMessage::planning)).hasSize(3);
        assertThat(sent.stream()
                        .filter(m -> !m.planning() && m.cursor() == null)
                        .map(WorkMessage::tenantId))
                .containsExactlyInAnyOrderElementsOf(concat(ids, big));
        assertThat(sent.stream().filter(m -> big.equals(m.tenantId()))).hasSize(2);
        for (String id : ids) {
            assertThat(listed(id)).as(id).containsExactly(sid("young-" + id));
            assertThat(rewind.chunks.keys(id)).as(id).hasSize(1);
        }
        assertThat(listed(big)).isEmpty();
        assertThat(rewind.chunks.keys(big)).isEmpty();
        assertThat(drained.failures()).isZero();
        assertThat(SqsQueues.bodies(SQS, queue.deadLettersUrl())).isEmpty();
    }

    @Test
    void aFailedSessionIsDeliveredAgainAndOneFailingForGoodIsDeadLettered() {
        // given three tenants with an expired session; one's chunk deletes fail once, another's every time
        String flaky = tenant("t_flaky");
        String broken = tenant("t_broken");
        String fine = tenant("t_fine");
        List.of(flaky, broken, fine).forEach(id -> record(id, sid("old-" + id)));
        clock.advance(Duration.ofDays(31));
        failingDeletes.fail(flaky, 1);
        failingDeletes.fail(broken, 1000);

        // when the sweep is planned and drained by 2 pollers
        rewind.planner(workQueue).plan(Job.RETENTION_SWEEP, null, Duration.ofMinutes(1));
        SqsQueues.Drained drained = SqsQueues.drain(
                SQS,
                queue,
                new ScheduledWorkHandler(rewind, workQueue),
                LambdaContexts.remaining("ScheduledWork", 120_000),
                2,
                10);

        // then the flaky tenant's message came back and did its work; the broken one's went to the dead-letter
        // queue after its last receive, its session left for the next run
        assertThat(listed(flaky)).isEmpty();
        assertThat(listed(fine)).isEmpty();
        assertThat(listed(broken)).containsExactly(sid("old-" + broken));
        assertThat(drained.failures()).isEqualTo(1 + MAX_RECEIVES);
        assertThat(failingDeletes.left(broken)).isEqualTo(1000 - MAX_RECEIVES);
        assertThat(SqsQueues.bodies(SQS, queue.deadLettersUrl()))
                .containsExactly(
                        WorkMessage.tenant(Job.RETENTION_SWEEP, broken, null).toJson());
    }

    @Test
    void aMessageDeliveredTwiceDoesNoHarm() {
        // given a tenant with an expired session and a young one; and an idle session at another
        String shop = tenant("t_twice");
        String idle = tenant("t_idle");
        record(shop, sid("old"));
        record(idle, sid("idle"));
        clock.advance(Duration.ofDays(31));
        record(shop, sid("young"));
        List<String> youngChunks = rewind.chunks.keys(shop).stream()
                .filter(key -> key.contains(sid("young")))
                .toList();
        assertThat(youngChunks).hasSize(1);

        // when each job's message for them is delivered twice, as SQS may
        workQueue.send(List.of(
                WorkMessage.tenant(Job.RETENTION_SWEEP, shop, null),
                WorkMessage.tenant(Job.RETENTION_SWEEP, shop, null),
                WorkMessage.tenant(Job.FINISH_IDLE_SESSIONS, idle, null),
                WorkMessage.tenant(Job.FINISH_IDLE_SESSIONS, idle, null)));
        SqsQueues.Drained drained = SqsQueues.drain(
                SQS,
                queue,
                new ScheduledWorkHandler(rewind, workQueue),
                LambdaContexts.remaining("ScheduledWork", 120_000),
                2,
                1);

        // then every delivery succeeded, the young session is exactly as it was, and the idle one is finished
        assertThat(drained).isEqualTo(new SqsQueues.Drained(4, 4, 0));
        assertThat(listed(shop)).containsExactly(sid("young"));
        assertThat(rewind.chunks.keys(shop)).isEqualTo(youngChunks);
        assertThat(rewind.sessions.load(shop, sid("young")).orElseThrow().isOpen())
                .isTrue();
        assertThat(rewind.sessions.load(idle, sid("idle")).orElseThrow().isOpen())
                .isFalse();
    }

    private WorkQueue counted(WorkQueue queue) {
        return messages -> {
            queue.send(messages);
            sent.addAll(messages);
        };
    }

    private static List<String> concat(List<String> ids, String more) {
        List<String> all = new ArrayList<>(ids);
        all.add(more);
        return all;
    }

    private static String sid(String name) {
        return "session-" + name.replace("_", "-") + "-0000000";
    }

    private List<String> listed(String tenantId) {
        return rewind.sessions.startedBefore(tenantId, Long.MAX_VALUE, null, 1000).stream()
                .map(SessionIndex.StartEntry::sessionId)
                .toList();
    }

    private String tenant(String tenantId) {
        rewind.tenants.create(
                Tenant.create(tenantId, tenantId, "owner@" + tenantId + ".example", clock.millis()),
                "ik-" + tenantId + UUID.randomUUID(),
                null,
                null);
        return tenantId;
    }

    private void record(String tenantId, String sessionId) {
        Tenant tenant = rewind.tenants.find(tenantId).orElseThrow();
        rewind.ingestion.ingest(
                tenant,
                ChunkParser.parse(
                        Chunks.gzip(Chunks.envelope(sessionId, 0, Chunks.events(clock.millis(), 3))), clock.millis()),
                USER_AGENT);
    }
}
