package dev.rewind.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.common.Refused;
import dev.rewind.tenants.Plan;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The leases (docs/COST.md, "Per-tenant limits"): few writes for many chunks, none for a flood once refused. */
class ChunkRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryUsageStore store = new InMemoryUsageStore();
    private final ChunkRateLimiter limiter = new ChunkRateLimiter(store, clock);

    @Test
    void aBusyInstanceWritesOncePerFiftyChunksAfterItsFirstLeases() {
        // when one instance admits 1,000 chunks of a tenant within a minute
        for (int i = 0; i < 1_000; i++) {
            limiter.admit("t1", Plan.DEFAULT);
        }

        // then it leased 1, 2, 4, 8, 16, 32 and then 50 at a time: 25 writes, not 1,000
        assertThat(store.writes).isEqualTo(6 + (int) Math.ceil((1_000 - 63) / 50.0));
    }

    @Test
    void onceRefusedAFloodCostsNoWritesUntilTheMinuteEnds() {
        Plan plan = new Plan(5, 100);
        for (int i = 0; i < 5; i++) {
            limiter.admit("t1", plan);
        }
        int writesAtTheLimit = store.writes;

        // when the tenant sends 1,000 more this minute
        for (int i = 0; i < 1_000; i++) {
            assertThatThrownBy(() -> limiter.admit("t1", plan)).isInstanceOfSatisfying(Refused.class, refused -> {
                assertThat(refused.reason()).isEqualTo(Refused.Reason.RATE_LIMITED);
                assertThat(refused.retryAfterSeconds()).isEqualTo(60);
            });
        }

        // then the refusal was decided once (the lease, then one chunk, refused), and the next minute admits again
        assertThat(store.writes - writesAtTheLimit).isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        limiter.admit("t1", plan);
    }

    @Test
    void aLeaseLargerThanWhatIsLeftFallsBackToOneChunk() {
        // given another instance took 9 of a plan of 10
        Plan plan = new Plan(10, 100);
        store.grantChunks("t1", clock.millis() / 60_000, 9, 10);

        // when this instance admits chunks: its lease of 1 fits, the next of 2 does not and one is left
        limiter.admit("t1", plan);
        assertThatThrownBy(() -> limiter.admit("t1", plan)).isInstanceOf(Refused.class);
    }
}
