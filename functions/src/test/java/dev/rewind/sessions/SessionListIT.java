package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.AwsStores;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.storage.Tables;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The labelled journeys imported through the real pipeline; every filter
 * and combination returns exactly the expected sessions across pages, newest first, and a page costs at
 * most one Query and one BatchGet, never a Scan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionListIT {
    private static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String FIREFOX =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    /** What the test knows of each imported session, independent of the index. */
    record Imported(
            String sessionId,
            String journey,
            Set<String> flags,
            String userId,
            String browser,
            long startedAt,
            long durationMs,
            List<String> urls) {}

    private final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(1)));
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Rewind rewind;
    private Tenants.SignedUp tenant;
    private final List<Imported> imported = new ArrayList<>();

    @BeforeAll
    void importJourneys() throws Exception {
        RewindConfig config = Emulator.freshConfig();
        DynamoDbClient counted = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.computeIfAbsent(
                                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                        k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }))
                .build();
        rewind = Rewind.create(config, clock, AwsStores.of(counted, AwsClients.s3(), config));
        tenant = Tenants.signUp(rewind, "Journeys");

        File[] journeys = new File("src/test/resources/journeys").listFiles((d, n) -> n.endsWith(".json"));
        java.util.Arrays.sort(journeys);
        int i = 0;
        for (File journey : journeys) {
            JsonNode fixture = Json.MAPPER.readTree(journey);
            String userId = i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : null;
            ObjectNode body = Json.object();
            body.set("events", fixture.get("events"));
            if (userId != null) {
                body.putObject("meta").put("userId", userId);
            }
            clock.advance(Duration.ofMinutes(1));
            APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                    .handleRequest(
                            ApiEvents.request("POST", "/v1/sessions/import")
                                    .bearer(tenant.apiKey())
                                    .header("user-agent", i % 2 == 0 ? CHROME : FIREFOX)
                                    .json(body.toString())
                                    .build(),
                            null);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
            String sessionId = Tenants.read(response).get("sessionId").asText();
            Set<String> flags = new TreeSet<>();
            fixture.get("expected").forEach(e -> flags.add(e.get("type").asText()));
            JsonNode detail = Tenants.read(get("/v1/sessions/{id}", Map.of("id", sessionId), Map.of()));
            List<String> urls = new ArrayList<>();
            detail.get("urls").forEach(u -> urls.add(u.asText()));
            imported.add(new Imported(
                    sessionId,
                    journey.getName(),
                    flags,
                    userId,
                    i % 2 == 0 ? "Chrome" : "Firefox",
                    Instant.parse(detail.get("startedAt").asText()).toEpochMilli(),
                    detail.get("durationMs").asLong(),
                    urls));
            i++;
        }
        clock.advance(Duration.ofMinutes(1));
    }

    private APIGatewayV2HTTPResponse get(String route, Map<String, String> path, Map<String, String> query) {
        ApiEvents request = ApiEvents.request("GET", route).bearer(tenant.apiKey());
        path.forEach(request::path);
        query.forEach((k, v) -> {
            for (String value : v.split(",")) {
                request.query(k, value);
            }
        });
        return new SessionsHandler(rewind).handleRequest(request.build(), null);
    }

    /** Every page of a filtered list, in order. */
    private List<JsonNode> allPages(Map<String, String> filters, int limit) {
        List<JsonNode> sessions = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", String.valueOf(limit));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            APIGatewayV2HTTPResponse response = get("/v1/sessions", Map.of(), query);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            JsonNode body = Tenants.read(response);
            assertThat(body.get("sessions").size()).isLessThanOrEqualTo(limit);
            body.get("sessions").forEach(sessions::add);
            if (body.get("nextCursor").isNull()) {
                return sessions;
            }
            cursor = body.get("nextCursor").asText();
        }
        throw new AssertionError("more than 100 pages");
    }

    record Filter(String name, Map<String, String> query, Predicate<Imported> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Filter> filters() {
        long mid = imported.get(imported.size() / 2).startedAt();
        return Stream.of(
                new Filter("no filter", Map.of(), s -> true),
                new Filter(
                        "rage clicks",
                        Map.of("flag", "rage_click"),
                        s -> s.flags().contains("rage_click")),
                new Filter(
                        "dead clicks",
                        Map.of("flag", "dead_click"),
                        s -> s.flags().contains("dead_click")),
                new Filter(
                        "error clicks",
                        Map.of("flag", "error_click"),
                        s -> s.flags().contains("error_click")),
                new Filter("errors", Map.of("flag", "error"), s -> s.flags().contains("error")),
                new Filter(
                        "rage and dead clicks",
                        Map.of("flag", "rage_click,dead_click"),
                        s -> s.flags().contains("rage_click") && s.flags().contains("dead_click")),
                new Filter("user alice", Map.of("userId", "alice"), s -> "alice".equals(s.userId())),
                new Filter(
                        "user ids starting with 'ali'",
                        Map.of("userIdPrefix", "ali"),
                        s -> s.userId() != null && s.userId().startsWith("ali")),
                new Filter(
                        "user ids starting with 'b', with errors",
                        Map.of("userIdPrefix", "b", "flag", "error"),
                        s -> s.userId() != null
                                && s.userId().startsWith("b")
                                && s.flags().contains("error")),
                new Filter(
                        "user bob with dead clicks",
                        Map.of("userId", "bob", "flag", "dead_click"),
                        s -> "bob".equals(s.userId()) && s.flags().contains("dead_click")),
                new Filter(
                        "browser Firefox",
                        Map.of("browser", "Firefox"),
                        s -> s.browser().equals("Firefox")),
                new Filter(
                        "Chrome with errors",
                        Map.of("browser", "Chrome", "flag", "error"),
                        s -> s.browser().equals("Chrome") && s.flags().contains("error")),
                new Filter("at least 4 s long", Map.of("minDurationMs", "4000"), s -> s.durationMs() >= 4000),
                new Filter(
                        "URL contains 'place-order'",
                        Map.of("url", "place-order"),
                        s -> s.urls().stream().anyMatch(u -> u.contains("place-order"))),
                new Filter(
                        "started from the middle on",
                        Map.of("from", Instant.ofEpochMilli(mid).toString()),
                        s -> s.startedAt() >= mid),
                new Filter(
                        "started before the middle",
                        Map.of("to", Instant.ofEpochMilli(mid - 1).toString()),
                        s -> s.startedAt() < mid));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void eachFilterReturnsExactlyTheExpectedSessionsNewestFirstAcrossPages(Filter filter) {
        // when the list is read two sessions at a time
        List<JsonNode> listed = allPages(filter.query(), 2);

        // then it holds exactly the expected sessions, newest first
        List<String> expected = imported.stream()
                .filter(filter.expected())
                .sorted((a, b) -> Long.compare(b.startedAt(), a.startedAt()))
                .map(Imported::sessionId)
                .toList();
        assertThat(listed.stream().map(s -> s.get("sessionId").asText()).toList())
                .as(
                        "journeys %s",
                        imported.stream()
                                .map(s -> s.sessionId() + "=" + s.journey())
                                .toList())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theFixturesCoverEveryFlag() {
        assertThat(imported.stream().flatMap(s -> s.flags().stream()).distinct())
                .contains("rage_click", "dead_click", "error_click", "error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void aPageCostsAtMostOneQueryPerIndexPartitionAndOneBatchGetAndNoScan(Filter filter) {
        // given a clean count
        calls.clear();

        // when one page is read
        Map<String, String> query = new LinkedHashMap<>(filter.query());
        query.put("limit", "5");
        assertThat(get("/v1/sessions", Map.of(), query).getStatusCode()).isEqualTo(200);

        // then
        assertThat(calls.getOrDefault("Scan", new AtomicInteger()).get()).isZero();
        // one Query of each shard and of the unsharded key, in parallel (docs/DATA-MODEL.md, "Sharded indexes")
        int partitions = filter.query().containsKey("userId") ? 1 : Tables.INDEX_SHARDS + 1;
        assertThat(calls.getOrDefault("Query", new AtomicInteger()).get()).isLessThanOrEqualTo(partitions);
        assertThat(calls.getOrDefault("BatchGetItem", new AtomicInteger()).get())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aCursorFromAnotherQueryIsRefused() {
        // given a cursor of the unfiltered list
        String cursor = Tenants.read(get("/v1/sessions", Map.of(), Map.of("limit", "1")))
                .get("nextCursor")
                .asText();

        // when it is used with another index
        APIGatewayV2HTTPResponse response =
                get("/v1/sessions", Map.of(), Map.of("limit", "1", "flag", "error", "cursor", cursor));

        // then
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo("invalid_cursor");
    }
}
