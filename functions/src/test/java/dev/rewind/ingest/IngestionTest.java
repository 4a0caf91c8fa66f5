package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.common.Metrics;
import dev.rewind.common.Refused;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.StoreFaults;
import dev.rewind.usage.UsageMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The ingest pipeline's own logic on in-memory stores (docs/INGEST.md): chunks are aggregated in seq
 * order whatever order they arrive in, a gap waits until it closes or times out, duplicates count once,
 * a lost race is retried, and a storage failure at any point loses nothing that was acknowledged.
 * {@code IngestOrderAndDuplicatesIT} sends the same through the handler against the emulator.
 */
class IngestionTest {
    private static final String SESSION = "unit-session-0001";
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
    private static final int EVENTS_PER_CHUNK = 7;

    private final MutableClock clock = MutableClock.now();
    private final Tenant tenant = Tenant.create("t_unit", "Unit", "owner@unit.example", clock.millis());
    private final long start = clock.millis() - 10 * 60_000;
    private StoreFaults faults = StoreFaults.none();
    private InMemoryChunkStore chunks = new InMemoryChunkStore(faults);
    private InMemorySessionIndex index = new InMemorySessionIndex(faults);
    private Ingestion ingestion = new Ingestion(
            chunks,
            index,
            new InMemoryHotspots(index),
            new UsageMeter(new InMemoryUsageStore(), clock),
            Metrics.NONE,
            clock);

    private final Map<Integer, Chunk> recording = new HashMap<>();

    /** Chunk {@code seq} of the recording: a Meta event and clicks, 10 s after the chunk before it. */
    private Chunk chunk(int seq) {
        return recording.computeIfAbsent(
                seq,
                s -> ChunkParser.parse(
                        Chunks.gzip(Chunks.envelope(SESSION, s, Chunks.events(start + s * 10_000L, EVENTS_PER_CHUNK))),
                        clock.millis()));
    }

    private Ingestion.Outcome send(int seq) {
        return ingestion.ingest(tenant, chunk(seq), USER_AGENT);
    }

    private SessionRecord session() {
        return index.stored(tenant.tenantId(), SESSION).orElseThrow();
    }

    /** The state a recording of {@code count} chunks ends with when they arrive in order, once each. */
    private String inOrderState(int count) {
        InMemorySessionIndex reference = new InMemorySessionIndex();
        Ingestion inOrder = new Ingestion(
                new InMemoryChunkStore(),
                reference,
                new InMemoryHotspots(reference),
                new UsageMeter(new InMemoryUsageStore(), clock),
                Metrics.NONE,
                clock);
        for (int seq = 0; seq < count; seq++) {
            inOrder.ingest(tenant, chunk(seq), USER_AGENT);
        }
        return reference.stored(tenant.tenantId(), SESSION).orElseThrow().state.toJson();
    }

    @Test
    void chunksInOrderAreEachStoredAndAggregated() {
        for (int seq = 0; seq < 5; seq++) {
            assertThat(send(seq)).isEqualTo(Ingestion.Outcome.STORED);
        }

        SessionRecord session = session();
        assertThat(session.seqs).containsExactly(0, 1, 2, 3, 4);
        assertThat(session.processedThrough).isEqualTo(4);
        assertThat(session.gapSince).isZero();
        assertThat(session.userAgent).isEqualTo(USER_AGENT);
        assertThat(session.lastChunkAt).isEqualTo(clock.millis());
        assertThat(session.state.eventCount()).isEqualTo(5 * EVENTS_PER_CHUNK);
        assertThat(session.state.startedAt()).isEqualTo(start);
        assertThat(chunks.keys(tenant.tenantId())).hasSize(5);
        assertThat(chunks.get(tenant.tenantId(), SESSION, 3))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(chunk(3).gzipJson()));
    }

    @Test
    void chunksOutOfOrderEndInTheSameStateAsInOrder() {
        // given chunks 3 and 1 arrive before chunk 0: they are stored and wait, the session is not listed yet
        send(3);
        send(1);
        assertThat(session().isListed()).isFalse();
        assertThat(session().seqs).containsExactly(1, 3);

        // when the others arrive, still out of order
        send(4);
        send(0);
        assertThat(session().processedThrough)
                .as("0 and 1 are next in line; 3 and 4 wait for 2")
                .isEqualTo(1);
        send(2);

        // then the index is what the same chunks in order give
        SessionRecord session = session();
        assertThat(session.processedThrough).isEqualTo(4);
        assertThat(session.gapSince).isZero();
        assertThat(session.state.toJson()).isEqualTo(inOrderState(5));
    }

    @Test
    void theHintsAnnouncementOfAChunkThatWaitedIsReadBackWithIt() {
        // given chunk 1 announces complete hints (meta hints: "complete", docs/INGEST.md "Chunk meta") and
        // arrives before chunk 0, which does not
        String announcing = Chunks.envelope(SESSION, 1, Chunks.events(start + 10_000L, EVENTS_PER_CHUNK))
                .replace("\"meta\":{", "\"meta\":{\"hints\":\"complete\",");
        ingestion.ingest(tenant, ChunkParser.parse(Chunks.gzip(announcing), clock.millis()), USER_AGENT);

        // when chunk 0 closes the gap
        send(0);

        // then chunk 1, read back from the store with its meta, made the session one judged by its hints
        SessionRecord session = session();
        assertThat(session.processedThrough).isEqualTo(1);
        assertThat(session.state.toJson()).contains("\"completeHints\":true");
        assertThat(inOrderState(2)).doesNotContain("completeHints");
    }

    @Test
    void aGapWaitsUntilItsChunkArrivesThenEverythingBehindItIsAggregated() {
        // given chunk 1 is missing while 2 waits behind it
        send(0);
        send(2);
        SessionRecord waiting = session();
        assertThat(waiting.processedThrough).isZero();
        assertThat(waiting.gapSince).isEqualTo(clock.millis());
        assertThat(waiting.state.eventCount()).isEqualTo(EVENTS_PER_CHUNK);

        // when chunk 1 arrives a minute later, within the gap timeout
        clock.advance(Duration.ofMinutes(1));
        send(1);

        // then 1 and 2 are aggregated, in order, and nothing waits
        SessionRecord closed = session();
        assertThat(closed.processedThrough).isEqualTo(2);
        assertThat(closed.gapSince).isZero();
        assertThat(closed.state.toJson()).isEqualTo(inOrderState(3));
    }

    @Test
    void aDuplicateWithTheSameBytesCountsOnceAndLeavesTheStoredChunkAsItWas() {
        // given chunk 0 is in, and chunk 2 waits behind the missing 1
        send(0);
        send(2);
        byte[] stored = chunks.get(tenant.tenantId(), SESSION, 0).orElseThrow();

        // when both are sent again, byte for byte (a retry whose first reply was lost)
        assertThat(send(0)).isEqualTo(Ingestion.Outcome.DUPLICATE);
        assertThat(send(2)).isEqualTo(Ingestion.Outcome.DUPLICATE);

        // then nothing is counted twice, and the stored objects are the same
        send(1);
        assertThat(session().state.eventCount()).isEqualTo(3 * EVENTS_PER_CHUNK);
        assertThat(session().state.toJson()).isEqualTo(inOrderState(3));
        assertThat(chunks.keys(tenant.tenantId()))
                .containsExactly(
                        ChunkBucket.chunkKey(tenant.tenantId(), SESSION, 0),
                        ChunkBucket.chunkKey(tenant.tenantId(), SESSION, 1),
                        ChunkBucket.chunkKey(tenant.tenantId(), SESSION, 2));
        assertThat(chunks.get(tenant.tenantId(), SESSION, 0))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(stored));
    }

    @Test
    void aGapOlderThanTheTimeoutIsSkippedAndItsChunkCountsOnceWhenItComesLate() {
        // given chunk 0 never arrives while 1 waits
        send(1);

        // when chunk 2 comes exactly at the timeout, the gap still waits
        clock.advance(Duration.ofMillis(IngestLimits.GAP_TIMEOUT_MS));
        send(2);
        assertThat(session().isListed()).isFalse();

        // and when chunk 3 comes after it, 1 to 3 are aggregated without 0
        clock.advance(Duration.ofMillis(1));
        send(3);
        SessionRecord skipped = session();
        assertThat(skipped.processedThrough).isEqualTo(3);
        assertThat(skipped.gapSince).isZero();
        assertThat(skipped.state.eventCount()).isEqualTo(3 * EVENTS_PER_CHUNK);
        assertThat(skipped.state.startedAt()).isEqualTo(start + 10_000L);

        // then chunk 0, arriving late (and again), is counted once and moves the start back
        assertThat(send(0)).isEqualTo(Ingestion.Outcome.STORED);
        assertThat(send(0)).isEqualTo(Ingestion.Outcome.DUPLICATE);
        SessionRecord late = session();
        assertThat(late.state.eventCount()).isEqualTo(4 * EVENTS_PER_CHUNK);
        assertThat(late.state.startedAt()).isEqualTo(start);
    }

    @Test
    void finishingAnIdleSessionAggregatesTheChunksStillWaitingBehindAGap() {
        // given chunks 1 and 2 wait for a 0 that never comes
        send(1);
        send(2);

        // when the session is finished once the gap has timed out
        clock.advance(Duration.ofMillis(IngestLimits.GAP_TIMEOUT_MS + 1));
        assertThat(ingestion.finishIfIdle(tenant, SESSION, clock.millis())).isTrue();

        // then they are aggregated and the session is no longer open
        SessionRecord finished = session();
        assertThat(finished.processedThrough).isEqualTo(2);
        assertThat(finished.state.eventCount()).isEqualTo(2 * EVENTS_PER_CHUNK);
        assertThat(finished.isOpen()).isFalse();
        assertThat(ingestion.finishIfIdle(tenant, SESSION, clock.millis()))
                .as("a finished session stays finished")
                .isFalse();
    }

    @Test
    void aWriterThatLosesTheRaceForTheSessionReloadsAndBothChunksCount() {
        // given another instance indexes chunk 1 between this one's load and its save of chunk 3
        send(0);
        Ingestion other = new Ingestion(
                chunks,
                index,
                new InMemoryHotspots(index),
                new UsageMeter(new InMemoryUsageStore(), clock),
                Metrics.NONE,
                clock);
        index.beforeNextSave(
                () -> assertThat(other.ingest(tenant, chunk(1), USER_AGENT)).isEqualTo(Ingestion.Outcome.STORED));

        // when chunk 3 is ingested
        assertThat(send(3)).isEqualTo(Ingestion.Outcome.STORED);

        // then its first save lost, it reloaded, and the index holds both: 1 aggregated, 3 waiting for 2
        SessionRecord session = session();
        assertThat(session.seqs).containsExactly(0, 1, 3);
        assertThat(session.processedThrough).isEqualTo(1);
        send(2);
        assertThat(session().state.toJson()).isEqualTo(inOrderState(4));
    }

    @Test
    void aSessionThatStaysBusyIsRefusedUnacknowledgedAndTheRetryCounts() {
        // given another writer changes the session before every save of this one
        send(0);
        Runnable[] busy = new Runnable[1];
        busy[0] = () -> {
            index.save(session(), 0);
            index.beforeNextSave(busy[0]);
        };
        index.beforeNextSave(busy[0]);

        // when chunk 1 is sent, it is refused (a 503 the recorder retries), not acknowledged
        assertThatThrownBy(() -> send(1))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.reason()).isEqualTo(Refused.Reason.SESSION_BUSY));
        index.beforeNextSave(null);
        assertThat(session().seqs).containsExactly(0);

        // then the retry, once the other writer is done, is stored and counted once
        assertThat(send(1)).isEqualTo(Ingestion.Outcome.STORED);
        assertThat(session().state.toJson()).isEqualTo(inOrderState(2));
    }

    @Test
    void aChunkStoredWhoseIndexUpdateFailedIsIndexedWhenTheNextChunkArrives() {
        // given chunk 0 reached the chunk store, then the index failed, and its sender gave up
        faults.failCall(2); // load, put, save
        assertThatThrownBy(() -> send(0))
                .isInstanceOf(StoreUnavailable.class)
                .hasCauseInstanceOf(StoreFaults.Outage.class);
        assertThat(index.stored(tenant.tenantId(), SESSION)).isEmpty();

        // when chunk 1 arrives
        send(1);

        // then chunk 0 is indexed too, from what the chunk store holds
        SessionRecord session = session();
        assertThat(session.seqs).containsExactly(0, 1);
        assertThat(session.processedThrough).isEqualTo(1);
        assertThat(session.state.toJson()).isEqualTo(inOrderState(2));
    }

    /**
     * The same recording, out of order and with a duplicate, with one storage call failing: each of them in
     * turn, once before it does anything and once after (its reply lost). The sender retries what was not
     * acknowledged, as the recorder does on a 503. Whatever failed, what was acknowledged before is still
     * stored and indexed, and the session ends as it does without a failure.
     */
    @Test
    void aStorageFailureAtAnyCallLosesNothingAcknowledgedAndTheRetryEndsInTheSameState() {
        List<Integer> arrivals = List.of(2, 0, 3, 0, 1, 4);
        int calls = run(arrivals, -1, false);
        assertThat(calls).as("a run touches the stores this often").isGreaterThan(arrivals.size() * 3);
        String withoutFailure = inOrderState(5);

        for (boolean replyLost : List.of(false, true)) {
            for (int failing = 0; failing < calls; failing++) {
                fresh();
                String what = "call " + failing + (replyLost ? " done, its reply lost" : " failing");
                assertThat(run(arrivals, failing, replyLost)).as(what).isGreaterThan(calls);
                SessionRecord session = session();
                assertThat(session.seqs).as(what).containsExactly(0, 1, 2, 3, 4);
                assertThat(session.processedThrough).as(what).isEqualTo(4);
                assertThat(session.state.toJson()).as(what).isEqualTo(withoutFailure);
                assertThat(chunks.keys(tenant.tenantId())).as(what).hasSize(5);
            }
        }
    }

    /**
     * Sends {@code arrivals} with store call {@code failing} failing (-1: none), before or after its work;
     * returns the store calls made.
     */
    private int run(List<Integer> arrivals, int failing, boolean replyLost) {
        if (failing >= 0 && replyLost) {
            faults.loseReply(failing);
        } else if (failing >= 0) {
            faults.failCall(failing);
        }
        TreeSet<Integer> acknowledged = new TreeSet<>();
        int outages = 0;
        for (int seq : arrivals) {
            try {
                send(seq);
            } catch (StoreUnavailable outage) {
                outages++;
                assertAcknowledgedKept(acknowledged, failing);
                send(seq); // the recorder's retry
            }
            acknowledged.add(seq);
            assertAcknowledgedKept(acknowledged, failing);
        }
        assertThat(outages).as("failing call %d", failing).isEqualTo(failing < 0 ? 0 : 1);
        return faults.calls();
    }

    private void assertAcknowledgedKept(TreeSet<Integer> acknowledged, int failing) {
        if (acknowledged.isEmpty()) {
            return;
        }
        SessionRecord session = session();
        assertThat(session.seqs).as("failing call %d", failing).containsAll(acknowledged);
        List<String> keys = new ArrayList<>();
        acknowledged.forEach(seq -> keys.add(ChunkBucket.chunkKey(tenant.tenantId(), SESSION, seq)));
        assertThat(chunks.keys(tenant.tenantId()))
                .as("failing call %d", failing)
                .containsAll(keys);
    }

    private void fresh() {
        faults = StoreFaults.none();
        chunks = new InMemoryChunkStore(faults);
        index = new InMemorySessionIndex(faults);
        ingestion = new Ingestion(
                chunks,
                index,
                new InMemoryHotspots(index),
                new UsageMeter(new InMemoryUsageStore(), clock),
                Metrics.NONE,
                clock);
    }
}
