package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.Rewind;
import dev.rewind.lambda.RetentionSweepHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep is idempotent and safe next to live ingest. */
class SweepSafetyIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
    }

    @AfterEach
    void dropResources() {
        Stored.drop(rewind.config);
    }

    @Test
    void sweepingAgainErasesNothingMore() {
        // given expired and young sessions, swept once
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        shop.recordSessions(Duration.ofDays(45), null, 4);
        String young = shop.recordSession(Duration.ofDays(3), null, 2);
        Map<String, Object> first = sweep(rewind);
        Set<String> keysAfterFirst = Stored.chunkKeys(rewind, shop.tenantId);

        // when the sweep runs again
        Map<String, Object> second = sweep(rewind);

        // then it finds nothing to do and changes nothing
        assertThat(first).containsEntry("sessionsErased", 4).containsEntry("chunksErased", 4);
        assertThat(second)
                .containsEntry("sessionsErased", 0)
                .containsEntry("chunksErased", 0)
                .containsEntry("failures", 0);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId))
                .isEqualTo(keysAfterFirst)
                .hasSize(2);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(young);
    }

    @Test
    void twoSweepsAtOnceEraseEachSessionOnce() {
        // given expired sessions
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        List<String> expired = shop.recordSessions(Duration.ofDays(45), null, 12);
        String young = shop.recordSession(Duration.ofDays(3), null, 1);

        // when two sweeps run at the same time (a retried schedule overlapping the first)
        CompletableFuture<Map<String, Object>> one = CompletableFuture.supplyAsync(() -> sweep(rewind));
        CompletableFuture<Map<String, Object>> two = CompletableFuture.supplyAsync(() -> sweep(rewind));

        // then both succeed, between them each session is erased once, and nothing expired is left
        int erased = (int) one.join().get("sessionsErased") + (int) two.join().get("sessionsErased");
        assertThat(erased).isEqualTo(expired.size());
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(young);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(young);
    }

    @Test
    void aSweepThatFailedHalfWayIsFinishedByTheNextRun() {
        // given expired sessions, and a sweep that loses DynamoDB right after deleting one session's chunks
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        List<String> expired = shop.recordSessions(Duration.ofDays(45), null, 3);
        String unlucky = expired.get(1);
        AtomicBoolean failed = new AtomicBoolean();
        Rewind flaky = Interleavings.beforeItemDeletion(rewind, (tenantId, sessionId) -> {
            if (sessionId.equals(unlucky) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("DynamoDB unreachable");
            }
        });

        // when that sweep runs
        assertThatThrownBy(() -> sweep(flaky)).hasMessageContaining("1 expired sessions could not be erased");

        // then the others are erased, and the unlucky one has lost its chunks but kept its (hidden) item
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(unlucky);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(shop.listed()).isEmpty();

        // when the next scheduled run comes
        Map<String, Object> next = sweep(rewind);

        // then it finishes the job
        assertThat(next).containsEntry("sessionsErased", 1).containsEntry("failures", 0);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void aLiveSessionReceivingChunksWhileSweepsRunKeepsEveryChunk() throws Exception {
        // given a tenant keeping 7 days, with expired sessions to sweep
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        shop.setRetentionDays(7);
        List<String> expired = shop.recordSessions(Duration.ofDays(10), null, 10);
        String live = TenantFixture.newSessionId();
        String outOfOrder = TenantFixture.newSessionId();
        long start = clock.instant().minus(Duration.ofMinutes(10)).toEpochMilli();
        int liveChunks = 20;

        // when visitors keep sending chunks (one session in order, one whose first chunk comes last)
        // while sweeps run one after another
        AtomicBoolean sending = new AtomicBoolean(true);
        CompletableFuture<Void> visitors = CompletableFuture.runAsync(() -> {
            try {
                for (int seq = 0; seq < liveChunks; seq++) {
                    shop.sendChunk(live, seq, start + seq * TenantFixture.CHUNK_SPACING_MS, "ada");
                    if (seq < 6) {
                        shop.sendChunk(
                                outOfOrder,
                                (seq + 1) % 6,
                                start + ((seq + 1) % 6) * TenantFixture.CHUNK_SPACING_MS,
                                null);
                    }
                }
            } finally {
                sending.set(false);
            }
        });
        ConcurrentLinkedQueue<Map<String, Object>> reports = new ConcurrentLinkedQueue<>();
        do {
            reports.add(sweep(rewind));
        } while (sending.get());
        visitors.get();
        reports.add(sweep(rewind));

        // then the live sessions are whole, every chunk stored and indexed in order
        SessionRecord liveRecord = rewind.sessions.load(shop.tenantId, live).orElseThrow();
        assertThat(liveRecord.processedThrough).isEqualTo(liveChunks - 1);
        assertThat(liveRecord.seqs).hasSize(liveChunks);
        assertThat(liveRecord.state.eventCount()).isEqualTo(liveChunks * 3);
        assertThat(Stored.chunkKeysOf(rewind, shop.tenantId, live)).hasSize(liveChunks);
        SessionRecord outOfOrderRecord =
                rewind.sessions.load(shop.tenantId, outOfOrder).orElseThrow();
        assertThat(outOfOrderRecord.processedThrough).isEqualTo(5);
        assertThat(Stored.chunkKeysOf(rewind, shop.tenantId, outOfOrder)).hasSize(6);
        assertThat(shop.listed()).containsExactlyInAnyOrder(live, outOfOrder);
        // and the expired sessions are gone, each erased by exactly one sweep
        assertThat(reports).allSatisfy(r -> assertThat(r).containsEntry("failures", 0));
        assertThat(reports.stream().mapToInt(r -> (int) r.get("sessionsErased")).sum())
                .isEqualTo(expired.size());
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactlyInAnyOrder(live, outOfOrder);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactlyInAnyOrder(live, outOfOrder);
    }

    @Test
    void aChunkStoredWhileTheSweepErasesItsSessionIsErasedToo() {
        // given an expired two-chunk session
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        Instant now = clock.instant();
        Instant sessionStart = now.minus(Duration.ofDays(40));
        String session = shop.recordSession(Duration.ofDays(40), null, 2);
        // and a sweep during which, right after the session's chunks are deleted, its next chunk is
        // ingested through the real pipeline (the clock is set back for it: ingest would refuse it today)
        AtomicInteger interleaved = new AtomicInteger();
        List<Set<Integer>> seqsSeen = new ArrayList<>();
        Rewind racing = Interleavings.afterChunkDeletion(rewind, (tenantId, sessionId) -> {
            if (sessionId.equals(session) && interleaved.getAndIncrement() == 0) {
                clock.set(sessionStart.plus(Duration.ofMinutes(1)));
                try {
                    shop.sendChunk(session, 2, sessionStart.plusSeconds(25).toEpochMilli(), null);
                } finally {
                    clock.set(now);
                }
                seqsSeen.add(rewind.sessions.load(tenantId, sessionId).orElseThrow().seqs);
            }
        });

        // when the sweep runs
        Map<String, Object> report = sweep(racing);

        // then the late chunk, indexed during the erase, is erased with its session all the same
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
        assertThat(seqsSeen).containsExactly(Set.of(0, 1, 2));
        assertThat(report)
                .containsEntry("sessionsErased", 1)
                .containsEntry("chunksErased", 3)
                .containsEntry("failures", 0);
    }

    private Map<String, Object> sweep(Rewind wiring) {
        return new RetentionSweepHandler(wiring)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), null);
    }
}
