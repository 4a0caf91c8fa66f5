package dev.rewind.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.ingest.Chunk;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.Ingestion;
import dev.rewind.sessions.ErrorFingerprint;
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
 * The error groups (docs/INSIGHTS.md, "Error groups") as ingest builds them (in-memory stores): errors that
 * look alike are one group, a session counts once however often its chunks and its finish arrive, sessions,
 * users and browsers add up, the per-day series, and resolved → regressed on a later occurrence.
 */
class ErrorGroupsTest {
    private static final String PAGE = "https://shop.example/cart";
    private static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final long start = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(start).plusSeconds(600));
    private final Tenant tenant = Tenant.create("t_errors", "Errors", "owner@errors.example", clock.millis());
    private final InMemorySessionIndex index = new InMemorySessionIndex();
    private final InMemoryHotspots store = new InMemoryHotspots(index);
    private final Ingestion ingestion = new Ingestion(
            new InMemoryChunkStore(),
            index,
            store,
            new UsageMeter(new InMemoryUsageStore(), clock),
            Metrics.NONE,
            clock);
    private final ErrorGroups errors = new ErrorGroups(store, clock);

    @Test
    void aSessionCountsOnceHoweverOftenItsChunksAndItsFinishArrive() {
        // given one session whose two chunks each throw the coupon error (other order ids, other lines),
        // each chunk sent twice in both orders, and the session finished twice
        String session = "errors-once-00000001";
        List<Chunk> chunks = List.of(
                chunk(session, 0, "u1", meta(start), coupon(start + 1_000, 8123, 120)),
                chunk(session, 1, "u1", coupon(start + 5_000, 99, 131)));
        ingestion.ingest(tenant, chunks.get(1), CHROME);
        ingestion.ingest(tenant, chunks.get(0), CHROME);
        ingestion.ingest(tenant, chunks.get(1), CHROME);
        ingestion.ingest(tenant, chunks.get(0), CHROME);
        ingestion.finish(tenant, session);
        ingestion.finish(tenant, session);

        // when the list is read
        List<ErrorGroups.Row> groups = errors.list(tenant, 7).groups();

        // then one group, two occurrences, one session, one user, on Chrome, seen first and last at the errors
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.occurrences()).isEqualTo(2);
            assertThat(g.sessions()).isEqualTo(1);
            assertThat(g.users()).isEqualTo(1);
            assertThat(g.browsers()).containsExactly(java.util.Map.entry("Chrome", 1));
            assertThat(g.firstSeen()).isEqualTo(start + 1_000);
            assertThat(g.lastSeen()).isEqualTo(start + 5_000);
            assertThat(g.status()).isEqualTo("open");
            assertThat(g.message()).isEqualTo("Order 8123 not found");
            assertThat(g.series()).hasSize(7).endsWith(2);
        });
        // and the detail has the sample stack and the session at its first occurrence
        ErrorGroups.Detail detail =
                errors.detail(tenant, groups.get(0).groupId(), 7).orElseThrow();
        assertThat(detail.stack()).contains("at applyCoupon (https://shop.example/app.js:120:17)");
        assertThat(detail.sessions()).singleElement().satisfies(hit -> {
            assertThat(hit.sessionId()).isEqualTo(session);
            assertThat(hit.offsetMs()).isEqualTo(1_000);
        });
        // and the session's stored state keeps the group's count, not its sample (the group's item has it)
        assertThat(index.stored(tenant.tenantId(), session).orElseThrow().state.errorGroups())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.count()).isEqualTo(2);
                    assertThat(e.message()).isNull();
                    assertThat(e.stack()).isNull();
                });
    }

    @Test
    void sessionsUsersAndBrowsersAddUpAndTheMostSessionsComeFirst() {
        // given the coupon error in three sessions (users u1, u1, anonymous) and another error in one more
        ingest("errors-many-00000001", "u1", CHROME, meta(start), coupon(start + 1_000, 1, 120));
        ingest("errors-many-00000002", "u1", FIREFOX, meta(start), coupon(start + 2_000, 2, 140));
        ingest("errors-many-00000003", null, CHROME, meta(start), coupon(start + 3_000, 3, 160));
        ingest("errors-many-00000004", "u2", CHROME, meta(start), error(start + 1_500, "Cart is empty", null));

        // when the list is read
        List<ErrorGroups.Row> groups = errors.list(tenant, 30).groups();

        // then the coupon error first: three sessions, one user, both browsers; the other one session
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).sessions()).isEqualTo(3);
        assertThat(groups.get(0).users()).isEqualTo(1);
        assertThat(groups.get(0).browsers()).containsEntry("Chrome", 2).containsEntry("Firefox", 1);
        assertThat(groups.get(1).message()).isEqualTo("Cart is empty");
        assertThat(groups.get(1).sessions()).isEqualTo(1);
        assertThat(groups.get(1).users()).isEqualTo(1);
        // and the detail's sessions are the latest first
        assertThat(errors.detail(tenant, groups.get(0).groupId(), 30)
                        .orElseThrow()
                        .sessions())
                .extracting(ErrorGroups.Hit::sessionId)
                .containsExactly("errors-many-00000003", "errors-many-00000002", "errors-many-00000001");
    }

    @Test
    void theSeriesHasOneCountPerDayAndThePeriodLeavesOlderDaysOut() {
        // given the error 10 days ago and twice yesterday (two sessions)
        ingest("errors-days-00000001", null, CHROME, meta(start - 10 * DAY), coupon(start - 10 * DAY + 1_000, 1, 1));
        ingest("errors-days-00000002", null, CHROME, meta(start - DAY), coupon(start - DAY + 1_000, 2, 2));
        ingest("errors-days-00000003", null, CHROME, meta(start - DAY), coupon(start - DAY + 2_000, 3, 3));

        // then the 7-day view counts yesterday's two, the 30-day view all three
        ErrorGroups.Row week = errors.list(tenant, 7).groups().get(0);
        assertThat(week.sessions()).isEqualTo(2);
        assertThat(week.series()).containsExactly(0, 0, 0, 0, 0, 2, 0);
        ErrorGroups.Row month = errors.list(tenant, 30).groups().get(0);
        assertThat(month.sessions()).isEqualTo(3);
        assertThat(month.series().get(19)).isEqualTo(1);
        assertThat(month.firstSeen()).isEqualTo(start - 10 * DAY + 1_000);
    }

    @Test
    void aResolvedGroupThatOccursAgainIsRegressedAndAnIgnoredOneStaysIgnored() {
        // given the coupon error and another one, both resolved or ignored now
        ingest("errors-back-00000001", null, CHROME, meta(start), coupon(start + 1_000, 1, 1));
        ingest("errors-back-00000002", null, CHROME, meta(start), error(start + 1_000, "Cart is empty", null));
        String coupon = groupOf("Order <n> not found");
        String cart = groupOf("Cart is empty");
        ErrorGroups.StatusChange resolved =
                errors.setStatus(tenant, coupon, ErrorGroup.Status.RESOLVED).orElseThrow();
        assertThat(resolved.before().view()).isEqualTo("open");
        assertThat(resolved.after().resolvedAt()).isEqualTo(clock.millis());
        errors.setStatus(tenant, cart, ErrorGroup.Status.IGNORED).orElseThrow();
        assertThat(row(coupon).status()).isEqualTo("resolved");

        // when both occur again later
        clock.advance(Duration.ofMinutes(10));
        ingest("errors-back-00000003", null, CHROME, meta(clock.millis()), coupon(clock.millis() + 1_000, 2, 2));
        ingest(
                "errors-back-00000004",
                null,
                CHROME,
                meta(clock.millis()),
                error(clock.millis() + 1_000, "Cart is empty", null));
        clock.advance(Duration.ofMinutes(1));

        // then the resolved one shows as regressed, the ignored one stays ignored, and reopening clears it
        assertThat(row(coupon).status()).isEqualTo("regressed");
        assertThat(row(cart).status()).isEqualTo("ignored");
        errors.setStatus(tenant, coupon, ErrorGroup.Status.OPEN).orElseThrow();
        assertThat(row(coupon).status()).isEqualTo("open");
        assertThat(row(coupon).resolvedAt()).isNull();
        // and an unknown group has no status to set
        assertThat(errors.setStatus(tenant, "0123456789abcdef", ErrorGroup.Status.RESOLVED))
                .isEmpty();
        assertThat(errors.detail(tenant, "not-a-group", 7)).isEmpty();
    }

    @Test
    void aSessionWithoutErrorsCountsNoErrorGroup() {
        ingest("errors-none-00000001", null, CHROME, meta(start));
        assertThat(errors.list(tenant, 7).groups()).isEmpty();
        SessionRecord stored =
                index.stored(tenant.tenantId(), "errors-none-00000001").orElseThrow();
        assertThat(stored.errorsCounted).isNull();
    }

    private ErrorGroups.Row row(String groupId) {
        return errors.list(tenant, 30).groups().stream()
                .filter(g -> g.groupId().equals(groupId))
                .findFirst()
                .orElseThrow();
    }

    private String groupOf(String normalisedMessage) {
        return errors.list(tenant, 30).groups().stream()
                .filter(g -> ErrorFingerprint.normaliseMessage(g.message()).equals(normalisedMessage))
                .findFirst()
                .orElseThrow()
                .groupId();
    }

    private void ingest(String session, String userId, String userAgent, ObjectNode... events) {
        ingestion.ingest(tenant, chunk(session, 0, userId, events), userAgent);
        ingestion.finish(tenant, session);
    }

    private static Chunk chunk(String session, int seq, String userId, ObjectNode... events) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (ObjectNode e : events) {
            list.add(e);
        }
        ObjectNode envelope = Json.object().put("sessionId", session).put("seq", seq);
        ObjectNode meta = envelope.putObject("meta").put("url", PAGE);
        if (userId != null) {
            meta.put("userId", userId);
        }
        envelope.set("events", list);
        return ChunkParser.parse(
                ChunkParser.gzip(Json.write(envelope).getBytes(StandardCharsets.UTF_8)),
                list.get(list.size() - 1).path("timestamp").asLong() + 1_000);
    }

    private static ObjectNode meta(long at) {
        ObjectNode meta = Json.object().put("type", 4).put("timestamp", at);
        meta.putObject("data").put("href", PAGE).put("width", 1280).put("height", 720);
        return meta;
    }

    /** The same error each time: another order id, another line, another build. */
    private static ObjectNode coupon(long at, int orderId, int line) {
        return error(
                at,
                "Order " + orderId + " not found",
                "Error: Order " + orderId + " not found\n    at applyCoupon (https://shop.example/app.js?v=" + line
                        + ":" + line + ":17)\n    at HTMLButtonElement.onClick (https://shop.example/app.js?v=" + line
                        + ":98:5)");
    }

    private static ObjectNode error(long at, String message, String stack) {
        ObjectNode error = Json.object().put("type", 5).put("timestamp", at);
        ObjectNode payload =
                error.putObject("data").put("tag", "error").putObject("payload").put("message", message);
        if (stack != null) {
            payload.put("stack", stack);
        }
        return error;
    }
}
