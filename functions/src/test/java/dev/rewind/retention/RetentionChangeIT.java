package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.lambda.RetentionSweepHandler;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A shorter retention applies to existing sessions at once, and growing it back resurrects nothing. */
class RetentionChangeIT {
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
    void shrinkingFrom90To7DaysErasesTheOlderSessionsAndGrowingBackResurrectsNothing() {
        // given a tenant keeping 90 days for a while, with sessions 1, 6, 8, 30 and 89 days old
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        shop.setRetentionDays(90, Duration.ofDays(100));
        String day1 = shop.recordSession(Duration.ofDays(1), "ada", 2);
        String day6 = shop.recordSession(Duration.ofDays(6), "ada", 1);
        String day8 = shop.recordSession(Duration.ofDays(8), "ada", 2);
        String day30 = shop.recordSession(Duration.ofDays(30), "bob", 1);
        String day89 = shop.recordSession(Duration.ofDays(89), "bob", 3);
        assertThat(shop.listed()).containsExactly(day1, day6, day8, day30, day89);
        String day30Link = shop.shareToken(day30);

        // when retention shrinks to 7 days
        shop.setRetentionDays(7);

        // then the 8-89-day-old sessions are hidden at once
        assertThat(shop.listed()).containsExactly(day1, day6);
        assertThat(shop.listed("userId", "bob")).isEmpty();
        assertThat(shop.detail(day8).getStatusCode()).isEqualTo(404);
        assertThat(shop.openShare(day30Link).getStatusCode()).isEqualTo(404);

        // when it grows back to 90 days before any sweep ran
        shop.setRetentionDays(90);

        // then nothing comes back
        assertThat(shop.listed()).containsExactly(day1, day6);
        assertThat(shop.detail(day89).getStatusCode()).isEqualTo(404);
        assertThat(shop.openShare(day30Link).getStatusCode()).isEqualTo(404);

        // when the sweep runs
        Map<String, Object> report = new RetentionSweepHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), null);

        // then the hidden sessions are erased, chunks and items, and the two young ones kept
        assertThat(report).containsEntry("sessionsErased", 3).containsEntry("chunksErased", 6);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactlyInAnyOrder(day1, day6);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactlyInAnyOrder(day1, day6);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).hasSize(3);
    }

    @Test
    void sessionsInsideTheShortRetentionWhenItShrankKeepTheLongerOneAfterItGrowsBack() {
        // given a tenant that went from 90 days to 7 and back to 90, with a 6-day-old session
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        shop.setRetentionDays(90, Duration.ofDays(100));
        String day6 = shop.recordSession(Duration.ofDays(6), null, 1);
        shop.setRetentionDays(7);
        shop.setRetentionDays(90);

        // when three days pass (it is 9 days old now) and the sweep runs
        clock.advance(Duration.ofDays(3));
        Map<String, Object> report = new RetentionSweepHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), null);

        // then it lives by the 90 days now in force
        assertThat(report).containsEntry("sessionsErased", 0);
        assertThat(shop.listed()).containsExactly(day6);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(day6);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).isEqualTo(Set.of(day6));
    }
}
