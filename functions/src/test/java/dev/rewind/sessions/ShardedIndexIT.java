package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.AwsStores;
import dev.rewind.aws.DynamoSessionIndex;
import dev.rewind.aws.SessionItem;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.Events;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.Ingestion;
import dev.rewind.lambda.IdleSessionsHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.sessions.SessionIndex.StartEntry;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import dev.rewind.testing.Tenants;
import dev.rewind.usage.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The write-sharded indexes on the emulator (docs/DATA-MODEL.md, "Sharded indexes"): a tenant whose sessions
 * are spread over every shard, some still under the unsharded key as items written before the sharding are,
 * lists in the order one unsharded index gave, in complete and disjoint pages, with its filters; the walks of
 * the retention sweep and the idle finisher read every shard and the unsharded key.
 */
class ShardedIndexIT {
    private static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    private static final int SESSIONS = 56;

    /** What the test knows of each written session, independent of the index. */
    record Written(String sessionId, String startKey, boolean error, String userId, boolean legacy) {}

    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(Events.T0).plus(Duration.ofHours(2)));
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private RewindConfig config;
    private Rewind rewind;
    private Tenants.SignedUp shop;
    private final List<Written> written = new ArrayList<>();

    @BeforeEach
    void aTenantWithSessionsInEveryShardAndUnderTheUnshardedKey() {
        config = Emulator.freshConfig();
        DynamoDbClient counted = DynamoDbClient.builder()
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
        shop = Tenants.signUp(rewind, "Hot Shop");
        Tenant tenant = rewind.tenants.find(shop.tenantId()).orElseThrow();

        // each session's item as ingest leaves it, made in memory: pairs start in the same millisecond, a third
        // have an error, a quarter are alice's; one in seven is written with the keys of before the sharding
        InMemorySessionIndex index = new InMemorySessionIndex();
        MutableClock at = new MutableClock(clock.instant());
        Ingestion ingestion = new Ingestion(
                new InMemoryChunkStore(),
                index,
                new InMemoryHotspots(index),
                new UsageMeter(new InMemoryUsageStore(), at),
                Metrics.NONE,
                at);
        DynamoDbTable<SessionItem> table = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(Emulator.DYNAMO)
                .extensions()
                .build()
                .table(config.sessionsTable(), SessionItem.SCHEMA);
        for (int i = 0; i < SESSIONS; i++) {
            String sessionId = String.format("hot%02d%s", i, Long.toHexString(Double.doubleToLongBits(Math.random())));
            long start = (i - i % 2) * 1_000L;
            boolean error = i % 3 == 0;
            String userId = i % 4 == 0 ? "alice" : null;
            boolean legacy = i % 7 == 0;
            Events events = new Events().meta(start, Events.PAGE).snapshot(start + 1);
            if (error) {
                events.error(start + 2, "boom");
            }
            if (userId != null) {
                events.identify(start + 3, userId);
            }
            at.set(Instant.ofEpochMilli(Events.T0 + start + 10_000));
            ingestion.ingest(
                    tenant,
                    ChunkParser.parse(
                            Chunks.gzip(
                                    Chunks.envelope(sessionId, 0, events.build().toString())),
                            at.millis()),
                    CHROME);
            SessionRecord record = index.stored(shop.tenantId(), sessionId).orElseThrow();
            SessionItem item = DynamoSessionIndex.toItem(
                    record, clock.instant().plus(Duration.ofDays(400)).getEpochSecond());
            assertThat(item.getTenantId()).isEqualTo(Tables.shardKey(shop.tenantId(), sessionId));
            if (legacy) {
                // the keys an item written before the sharding has: the tenant id alone
                item.setTenantId(shop.tenantId());
                item.setOpenKey(shop.tenantId());
                for (Tables.FlagIndex flag : Tables.FLAG_INDEXES) {
                    if (item.getFlagKey(flag.type()) != null) {
                        item.setFlagKey(flag.type(), shop.tenantId());
                    }
                }
            }
            table.putItem(item);
            written.add(new Written(sessionId, item.getStartKey(), error, userId, legacy));
        }
        assertThat(written.stream()
                        .filter(w -> !w.legacy())
                        .map(w -> Tables.shardKey(shop.tenantId(), w.sessionId()))
                        .collect(Collectors.toSet()))
                .as("the sessions cover every shard")
                .hasSize(Tables.INDEX_SHARDS);
        assertThat(written).anyMatch(w -> w.legacy() && w.error());
        assertThat(written).anyMatch(w -> w.legacy() && "alice".equals(w.userId()));
    }

    @Test
    void theListIsInStartOrderAcrossShardsInCompleteDisjointFullPages() {
        // when the list is read 5 sessions a page
        List<List<String>> pages = pages(Map.of(), 5);

        // then the pages hold every session once, newest first as one unsharded index ordered them (equal start
        // times by session id), every page but the last full
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(expected(w -> true));
        assertThat(pages.subList(0, pages.size() - 1))
                .allSatisfy(page -> assertThat(page).hasSize(5));
        assertThat(pages.get(pages.size() - 1)).isNotEmpty();
    }

    @Test
    void filtersStillWorkOverTheShardsAndTheUnshardedKey() {
        // a flag index (sharded), the user's index (not sharded), and a filter applied after the read
        assertThat(pages(Map.of("flag", "error"), 3).stream().flatMap(List::stream))
                .containsExactlyElementsOf(expected(Written::error));
        assertThat(pages(Map.of("userId", "alice"), 2).stream().flatMap(List::stream))
                .containsExactlyElementsOf(expected(w -> "alice".equals(w.userId())));
        assertThat(pages(Map.of("flag", "error", "userId", "alice"), 2).stream().flatMap(List::stream))
                .containsExactlyElementsOf(expected(w -> w.error() && "alice".equals(w.userId())));
        assertThat(pages(Map.of("url", "shop.example"), 4).stream().flatMap(List::stream))
                .containsExactlyElementsOf(expected(w -> true));
        String mid = Instant.ofEpochMilli(Events.T0 + 20_000).toString();
        assertThat(pages(Map.of("to", mid), 4).stream().flatMap(List::stream))
                .containsExactlyElementsOf(expected(w ->
                        w.startKey().compareTo(String.format("%013d~", Events.T0 + 20_000)) < 0));
    }

    @Test
    void aPageCostsOneQueryPerShardAndTheUnshardedKeyAndOneBatchGet() {
        // when one page is read
        calls.clear();
        assertThat(list(Map.of("limit", "5")).getStatusCode()).isEqualTo(200);

        // then
        assertThat(calls.get("Query").get()).isEqualTo(Tables.INDEX_SHARDS + 1);
        assertThat(calls.get("BatchGetItem").get()).isEqualTo(1);
        assertThat(calls).doesNotContainKey("Scan");
    }

    @Test
    void aTamperedCursorIsRefused() throws Exception {
        // given a real cursor
        String cursor =
                Tenants.read(list(Map.of("limit", "3"))).get("nextCursor").asText();
        ObjectNode node =
                (ObjectNode) Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        assertThat(node.get("s")).hasSize(Tables.INDEX_SHARDS + 1);

        // when it is altered: another tenant, a shard fewer, a position that is no start key, not JSON at all
        List<String> tampered = new ArrayList<>();
        tampered.add(encode(node.deepCopy().put("p", "t_other")));
        ObjectNode fewer = node.deepCopy();
        fewer.withArray("s").remove(0);
        tampered.add(encode(fewer));
        ObjectNode notAKey = node.deepCopy();
        notAKey.withArray("s").set(0, Json.MAPPER.getNodeFactory().textNode("t_other#x"));
        tampered.add(encode(notAKey));
        tampered.add(encode(node.deepCopy().put("extra", 1)));
        tampered.add("not-a-cursor");

        // then each is refused
        for (String bad : tampered) {
            APIGatewayV2HTTPResponse response = list(Map.of("limit", "3", "cursor", bad));
            assertThat(response.getStatusCode()).as(bad).isEqualTo(400);
            assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo("invalid_cursor");
        }
    }

    @Test
    void theWalksReadEveryShardAndTheUnshardedKeyOldestFirst() {
        // when the retention sweep's and the finisher's walks page through the tenant 4 entries at a time
        List<String> started = new ArrayList<>();
        StartEntry after = null;
        do {
            List<StartEntry> page = rewind.sessions.startedBefore(shop.tenantId(), Long.MAX_VALUE, after, 4);
            page.forEach(e -> started.add(e.sessionId()));
            after = page.size() < 4 ? null : page.get(page.size() - 1);
        } while (after != null);
        List<String> open = new ArrayList<>();
        SessionIndex.OpenPage page;
        after = null;
        do {
            page = rewind.sessions.openStartedBefore(shop.tenantId(), Long.MAX_VALUE, after, 4);
            page.sessions().forEach(s -> open.add(s.sessionId()));
            after = page.next();
        } while (after != null);

        // then each meets every session once, oldest first
        List<String> oldestFirst = written.stream()
                .sorted(Comparator.comparing(Written::startKey))
                .map(Written::sessionId)
                .toList();
        assertThat(started).containsExactlyElementsOf(oldestFirst);
        assertThat(open).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void theFinisherFinishesSessionsInEveryShardAndUnderTheUnshardedKeyAndMovesThoseToTheirShards() {
        // when the idle finisher runs, every session idle for more than 30 minutes
        Map<String, Object> report = new IdleSessionsHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindFinishIdleSessions"), null);

        // then it finished all of them, none is left in by-open, and none is left under the unsharded key
        assertThat(report).containsEntry("sessionsFinished", SESSIONS).containsEntry("failures", 0);
        for (String partition : Tables.shardKeys(shop.tenantId())) {
            assertThat(entries(Tables.BY_OPEN, Tables.OPEN_KEY, partition)).isEmpty();
        }
        assertThat(entries(Tables.BY_START, "tenantId", shop.tenantId())).isEmpty();
        assertThat(entries(
                        Tables.flagIndex(FrustrationType.ERROR).name(),
                        Tables.flagIndex(FrustrationType.ERROR).partitionAttribute(),
                        shop.tenantId()))
                .isEmpty();
        assertThat(pages(Map.of(), 10).stream().flatMap(List::stream)).containsExactlyElementsOf(expected(w -> true));
    }

    private List<String> expected(Predicate<Written> filter) {
        return written.stream()
                .filter(filter)
                .sorted(Comparator.comparing(Written::startKey).reversed())
                .map(Written::sessionId)
                .toList();
    }

    /** Every page of a list, in order, each page's session ids; asserts that no session comes twice. */
    private List<List<String>> pages(Map<String, String> filters, int limit) {
        List<List<String>> pages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int i = 0; i < 100; i++) {
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", String.valueOf(limit));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            APIGatewayV2HTTPResponse response = list(query);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            JsonNode body = Tenants.read(response);
            List<String> page = new ArrayList<>();
            body.get("sessions").forEach(s -> page.add(s.get("sessionId").asText()));
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
            page.forEach(
                    id -> assertThat(seen.add(id)).as("listed twice: " + id).isTrue());
            pages.add(page);
            if (body.get("nextCursor").isNull()) {
                return pages;
            }
            cursor = body.get("nextCursor").asText();
        }
        throw new AssertionError("more than 100 pages");
    }

    private APIGatewayV2HTTPResponse list(Map<String, String> query) {
        ApiEvents request = ApiEvents.request("GET", "/v1/sessions").bearer(shop.apiKey());
        query.forEach(request::query);
        return new SessionsHandler(rewind).handleRequest(request.build(), null);
    }

    private static String encode(ObjectNode node) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The session ids under one partition key of an index, read straight from DynamoDB. */
    private List<String> entries(String index, String attribute, String partition) {
        List<String> ids = new ArrayList<>();
        Emulator.DYNAMO
                .queryPaginator(r -> r.tableName(config.sessionsTable())
                        .indexName(index)
                        .keyConditionExpression("#k = :p")
                        .expressionAttributeNames(Map.of("#k", attribute))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition))))
                .items()
                .forEach(item -> ids.add(item.get("pk").s()));
        return ids;
    }
}
