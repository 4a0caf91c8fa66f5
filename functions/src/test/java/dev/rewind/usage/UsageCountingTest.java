package dev.rewind.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.common.Metrics;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.ingest.Chunk;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.Ingestion;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A chunk is counted beside its S3 put, before its outcome is known, and corrected after it
 * (usage/UsageMeter.Counting): whatever happens meanwhile, the day ends with what was stored.
 */
class UsageCountingTest {
    private static final String SESSION = "counting-session-01";

    private final MutableClock clock = MutableClock.now();
    private final Tenant tenant = Tenant.create("t_counting", "Counting", "owner@counting.example", clock.millis());
    private final InMemoryUsageStore usage = new InMemoryUsageStore();
    private final InMemoryChunkStore stored = new InMemoryChunkStore();
    private final InMemorySessionIndex index = new InMemorySessionIndex();
    /** Run once, just before the next chunk put (another writer's request, or an outage). */
    private final AtomicReference<Runnable> beforePut = new AtomicReference<>();

    private final Ingestion ingestion = new Ingestion(
            hooked(stored), index, new InMemoryHotspots(index), new UsageMeter(usage, clock), Metrics.NONE, clock);

    @Test
    void aChunkWhosePutFailsIsNotCounted() {
        beforePut.set(() -> {
            throw new StoreUnavailable(new RuntimeException("injected"));
        });
        assertThatThrownBy(() -> ingestion.ingest(tenant, chunk(0), null)).isInstanceOf(StoreUnavailable.class);

        assertThat(today()).isEqualTo(List.of());
        ingestion.ingest(tenant, chunk(0), null);
        assertThat(today()).containsExactly(new UsageDay(day(), 1, 1, chunk(0).gzipJson().length));
    }

    @Test
    void theSameChunkIndexedByAnotherWriterMeanwhileIsCountedOnce() {
        // another request with the same chunk runs whole while this one puts it
        beforePut.set(() -> ingestion.ingest(tenant, chunk(0), null));

        assertThat(ingestion.ingest(tenant, chunk(0), null)).isEqualTo(Ingestion.Outcome.DUPLICATE);
        assertThat(today()).containsExactly(new UsageDay(day(), 1, 1, chunk(0).gzipJson().length));
    }

    @Test
    void aSessionStartedByAnotherWriterMeanwhileIsCountedOnce() {
        // seq 1 arrives and starts the session while seq 0, which also saw no session, is being put
        beforePut.set(() -> ingestion.ingest(tenant, chunk(1), null));

        assertThat(ingestion.ingest(tenant, chunk(0), null)).isEqualTo(Ingestion.Outcome.STORED);
        assertThat(today())
                .containsExactly(new UsageDay(day(), 1, 2, chunk(0).gzipJson().length + chunk(1).gzipJson().length));
    }

    private List<UsageDay> today() {
        return usage.days(tenant.tenantId(), day(), day()).stream()
                .filter(d -> d.chunks() != 0 || d.sessions() != 0)
                .toList();
    }

    private String day() {
        return UsageMeter.day(clock.millis());
    }

    private Chunk chunk(int seq) {
        long start = clock.millis() - 60_000;
        return ChunkParser.parse(
                Chunks.gzip(Chunks.envelope(SESSION, seq, Chunks.events(start + seq * 10_000L, 5))), clock.millis());
    }

    private ChunkStore hooked(ChunkStore target) {
        return (ChunkStore) Proxy.newProxyInstance(
                ChunkStore.class.getClassLoader(), new Class<?>[] {ChunkStore.class}, (self, method, args) -> {
                    if (method.getName().equals("putIfAbsent")) {
                        Runnable hook = beforePut.getAndSet(null);
                        if (hook != null) {
                            hook.run();
                        }
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
