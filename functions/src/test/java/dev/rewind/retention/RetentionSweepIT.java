package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.WalkReport;
import dev.rewind.lambda.RetentionSweepHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Past retention a session is hidden at once, and the sweep erases every byte of it. */
class RetentionSweepIT {
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
    void sessionsPastRetentionVanishFromEveryResponseAtOnceAndTheSweepErasesThemCompletely() {
        // given a tenant on the default 30 days: two sessions well inside, one about to leave, one long gone
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        String recent = shop.recordSession(Duration.ofHours(12), "ada", 2);
        String inside = shop.recordSession(Duration.ofDays(28), "bob", 3);
        String leaving = shop.recordSession(Duration.ofDays(29).plusHours(12), "cyd", 2);
        String gone = shop.recordSession(Duration.ofDays(44), "cyd", 3);
        String insideLink = shop.shareToken(inside);
        String leavingLink = shop.shareToken(leaving);
        assertThat(shop.listed()).containsExactly(recent, inside, leaving);
        Set<String> youngKeys = new TreeSet<>(Stored.chunkKeysOf(rewind, shop.tenantId, recent));
        youngKeys.addAll(Stored.chunkKeysOf(rewind, shop.tenantId, inside));
        assertThat(youngKeys).hasSize(5);
        Map<String, String> youngBefore = snapshot(shop, recent, inside);

        // when a day passes
        clock.advance(Duration.ofDays(1));

        // then, before any cleanup ran, no response shows a session that started more than 30 days ago
        assertThat(shop.listed()).containsExactly(recent, inside);
        assertThat(shop.listed("userId", "cyd")).isEmpty();
        assertThat(shop.listed(
                        "from", clock.instant().minus(Duration.ofDays(60)).toString()))
                .containsExactly(recent, inside);
        assertThat(shop.detail(leaving).getStatusCode()).isEqualTo(404);
        assertThat(shop.detail(gone).getStatusCode()).isEqualTo(404);
        assertThat(shop.share(leaving).getStatusCode()).isEqualTo(404);
        assertThat(shop.openShare(leavingLink).getStatusCode()).isEqualTo(404);
        assertThat(shop.openShare(insideLink).getStatusCode()).isEqualTo(200);
        // and the data is still there: erasing it is the sweep's job
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactlyInAnyOrder(recent, inside, leaving, gone);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).hasSize(10);

        // when the scheduled sweep runs
        Map<String, Object> report = new RetentionSweepHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), null);

        // then every object and item of the expired sessions is gone, and the young ones are exactly as they were
        assertThat(report)
                .containsEntry("sessionsErased", 2)
                .containsEntry("chunksErased", 5)
                .containsEntry("failures", 0)
                .containsEntry("complete", true);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEqualTo(youngKeys);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactlyInAnyOrder(recent, inside);
        assertThat(Stored.sharedSessions(rewind, shop.tenantId)).containsExactly(inside);
        assertThat(Stored.userLinks(rewind, shop.tenantId)).containsExactlyInAnyOrder("ada→" + recent, "bob→" + inside);
        assertThat(snapshot(shop, recent, inside)).isEqualTo(youngBefore);
        assertThat(shop.listed()).containsExactly(recent, inside);
        JsonNode detail = Tenants.read(TenantFixture.expect(shop.detail(inside), 200));
        assertThat(detail.get("chunks")).hasSize(3);
        assertThat(shop.openShare(insideLink).getStatusCode()).isEqualTo(200);
    }

    @Test
    void eachTenantIsSweptByItsOwnRetention() {
        // given two tenants with a 45-day-old and a 10-day-old session each; one keeps 30 days, the other 90
        TenantFixture monthly = TenantFixture.signUp(rewind, clock, "Monthly");
        TenantFixture quarterly = TenantFixture.signUp(rewind, clock, "Quarterly");
        quarterly.setRetentionDays(90, Duration.ofDays(100));
        String monthlyOld = monthly.recordSession(Duration.ofDays(45), null, 2);
        String monthlyYoung = monthly.recordSession(Duration.ofDays(10), null, 1);
        String quarterlyOld = quarterly.recordSession(Duration.ofDays(45), null, 2);
        String quarterlyYoung = quarterly.recordSession(Duration.ofDays(10), null, 1);

        // when the sweep runs
        Map<String, Object> report = new RetentionSweepHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), null);

        // then only the session past its own tenant's retention is erased
        assertThat(report)
                .containsEntry("tenants", 2)
                .containsEntry("sessionsErased", 1)
                .containsEntry("chunksErased", 2);
        assertThat(Stored.sessionItems(rewind, monthly.tenantId)).containsExactly(monthlyYoung);
        assertThat(Stored.sessionsWithChunks(rewind, monthly.tenantId)).containsExactly(monthlyYoung);
        assertThat(Stored.sessionItems(rewind, quarterly.tenantId))
                .containsExactlyInAnyOrder(quarterlyOld, quarterlyYoung);
        assertThat(Stored.chunkKeys(rewind, quarterly.tenantId)).hasSize(3);
        assertThat(monthly.detail(monthlyOld).getStatusCode()).isEqualTo(404);
        assertThat(quarterly.listed()).containsExactly(quarterlyYoung, quarterlyOld);
    }

    @Test
    void aSweepWalksEveryPageOfExpiredSessions() {
        // given three index pages' worth of expired sessions, and one young session
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Busy Shop");
        int pageSize = 4;
        List<String> expired = shop.recordSessions(Duration.ofDays(40), null, 3 * pageSize + 1);
        String young = shop.recordSession(Duration.ofDays(2), null, 1);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).hasSize(expired.size() + 1);

        // when one sweep runs, reading the index a page at a time
        WalkReport report = new RetentionSweep(rewind.tenants, rewind.sessions, rewind.eraser, rewind.clock, pageSize)
                .run(Duration.ofMinutes(5));

        // then all of them are erased in that one run
        assertThat(report)
                .isEqualTo(new WalkReport(
                        1,
                        Map.of(
                                RetentionSweep.SESSIONS_ERASED,
                                expired.size(),
                                RetentionSweep.CHUNKS_ERASED,
                                expired.size()),
                        0,
                        true));
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(young);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(young);
    }

    @Test
    void aSweepOutOfTimeStopsAndTheNextRunFinishes() {
        // given expired sessions
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Slow Shop");
        List<String> expired = shop.recordSessions(Duration.ofDays(40), null, 3);

        // when a sweep starts with no time left, then one with time
        WalkReport outOfTime = rewind.retentionSweep.run(Duration.ZERO);
        WalkReport next = rewind.retentionSweep.run(Duration.ofMinutes(5));

        // then the first reports itself incomplete and leaves the data; the second erases it
        assertThat(outOfTime.complete()).isFalse();
        assertThat(outOfTime.count(RetentionSweep.SESSIONS_ERASED)).isZero();
        assertThat(next)
                .isEqualTo(new WalkReport(
                        1,
                        Map.of(
                                RetentionSweep.SESSIONS_ERASED,
                                expired.size(),
                                RetentionSweep.CHUNKS_ERASED,
                                expired.size()),
                        0,
                        true));
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void inLambdaTheSweepKeepsAReserveBeforeTheTimeoutAndSaysWhenItStoppedShort() {
        // given expired sessions
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        List<String> expired = shop.recordSessions(Duration.ofDays(40), null, 2);
        RetentionSweepHandler handler = new RetentionSweepHandler(rewind);

        // when Lambda invokes it with no time to spare (less than the reserve left), then with 15 minutes
        Map<String, Object> rushed = handler.handleRequest(
                ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"), LambdaEvents.context("RetentionSweep", 0));
        Map<String, Object> unhurried = handler.handleRequest(
                ScheduledEvents.at(clock.instant(), "RewindRetentionSweep"),
                LambdaEvents.context("RetentionSweep", 900_000));

        // then the first stops before starting and says so; the second does the work
        assertThat(rushed).containsEntry("complete", false).containsEntry("sessionsErased", 0);
        assertThat(unhurried).containsEntry("complete", true).containsEntry("sessionsErased", expired.size());
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
    }

    /** Each session's index record (its version included) and chunk keys: equal means untouched. */
    private Map<String, String> snapshot(TenantFixture tenant, String... sessionIds) {
        Map<String, String> snapshot = new java.util.TreeMap<>();
        for (String id : sessionIds) {
            SessionRecord r = rewind.sessions.load(tenant.tenantId, id).orElseThrow();
            snapshot.put(
                    id,
                    r.version + " " + r.seqs + " " + r.processedThrough + " " + r.state.toJson() + " "
                            + Stored.chunkKeysOf(rewind, tenant.tenantId, id));
        }
        return snapshot;
    }
}
