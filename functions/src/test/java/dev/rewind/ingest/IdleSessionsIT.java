package dev.rewind.ingest;

import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.text;
import static dev.rewind.frustration.Events.withChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.AwsStores;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.common.WalkReport;
import dev.rewind.frustration.Events;
import dev.rewind.lambda.IdleSessionsHandler;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.storage.Tables;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import dev.rewind.testing.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The end of a session (docs/FRUSTRATION.md): a session that stops sending chunks is finished by the scheduled
 * idle-session finisher 30 minutes later — the last click of a plain rrweb recording (no pagehide) is
 * judged, chunks waiting behind a gap are aggregated, and the session leaves the by-open index. Driven
 * through {@code POST /v1/ingest} and the EventBridge handler, with a clock the test moves.
 */
class IdleSessionsIT {
    private static final int PLACE_ORDER = 10;
    private static final int PANEL = 20;

    // the events of these recordings are stamped from Events.T0; the clock starts just after
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(Events.T0).plusSeconds(30));
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private RewindConfig config;
    private Rewind rewind;
    private Tenants.SignedUp shop;
    /** A session whose item writes fail while set, as a DynamoDB outage would fail them. */
    private volatile String failWritesOf;

    @BeforeEach
    void freshResources() {
        config = Emulator.freshConfig();
        DynamoDbClient counted = DynamoDbClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        if (context.request() instanceof ScanRequest scan) {
                            operation += " " + scan.tableName();
                        } else if (context.request() instanceof QueryRequest query) {
                            operation += " " + query.tableName() + "/" + query.indexName();
                        } else if (context.request() instanceof BatchGetItemRequest batch) {
                            operation +=
                                    " " + String.join(",", batch.requestItems().keySet());
                        }
                        calls.add(operation);
                        String failing = failWritesOf;
                        if (failing != null && writesSession(context.request(), failing)) {
                            throw SdkClientException.create("injected: the write of " + failing + " fails");
                        }
                    }
                }))
                .build();
        rewind = Rewind.create(config, clock, AwsStores.of(counted, AwsClients.s3(), config));
        shop = Tenants.signUp(rewind, "Idle Shop");
    }

    @Test
    void aPlainRrwebSessionsLastClickOnADeadButtonIsFlaggedOnceTheSessionHasBeenIdleFor30Minutes() {
        // given a plain rrweb recording (no pagehide) whose last click is on a button that does nothing
        String session = newSessionId();
        send(session, 0, checkoutPage().click(2_000, PLACE_ORDER, 300, 400).mutation(2_300));
        send(session, 1, new Events().mouseMove(10_000).click(20_000, PLACE_ORDER, 300, 400));

        // when the finisher runs while the session is fresh
        Map<String, Object> early = runHandler();

        // then nothing is decided: the click waits for an answer that may still come
        assertThat(early).containsEntry("sessionsFinished", 0);
        assertThat(detail(session).get("deadClickCount").asInt()).isZero();
        assertThat(openSessions()).containsExactly(session);

        // when 31 minutes pass without a chunk and the scheduled finisher runs
        clock.advance(Duration.ofMinutes(31));
        Map<String, Object> report = runHandler();

        // then the last click is dead, the session lists under dead_click, and it has left the by-open index
        assertThat(report)
                .containsEntry("tenants", 1)
                .containsEntry("sessionsFinished", 1)
                .containsEntry("stillActive", 0)
                .containsEntry("failures", 0)
                .containsEntry("complete", true);
        JsonNode detail = detail(session);
        assertThat(detail.get("deadClickCount").asInt()).isEqualTo(1);
        assertThat(detail.get("frustrations")).singleElement().satisfies(dead -> {
            assertThat(dead.get("type").asText()).isEqualTo("dead_click");
            assertThat(dead.get("timestamp").asText())
                    .isEqualTo(Instant.ofEpochMilli(Events.T0 + 20_000).toString());
            assertThat(dead.get("target").get("nodeId").asInt()).isEqualTo(PLACE_ORDER);
        });
        assertThat(listed("dead_click")).containsExactly(session);
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void aSessionWhoseLastChunkCameTenMinutesAgoIsLeftOpen() {
        // given a session that started 45 minutes ago and sent its last chunk, ending in a click, 10 minutes ago
        String session = newSessionId();
        send(session, 0, checkoutPage());
        clock.advance(Duration.ofMinutes(35));
        send(session, 1, new Events().click(35 * 60_000L, PLACE_ORDER, 300, 400));
        clock.advance(Duration.ofMinutes(10));

        // when the finisher runs
        Map<String, Object> report = runHandler();

        // then the session is looked at but left open, its click still undecided
        assertThat(report).containsEntry("sessionsFinished", 0).containsEntry("stillActive", 1);
        assertThat(detail(session).get("deadClickCount").asInt()).isZero();
        assertThat(openSessions()).containsExactly(session);
    }

    @Test
    void chunksWaitingBehindAGapAreAggregatedAndTheSessionFinished() {
        // given seqs 0, 1, 3 and 4 of a session; seq 2 never comes, and seq 4 ends with a dead click
        String session = newSessionId();
        send(session, 0, checkoutPage());
        send(session, 1, new Events().mouseMove(5_000));
        send(session, 3, new Events().mouseMove(15_000).mutation(16_000));
        send(session, 4, new Events().click(20_000, PLACE_ORDER, 300, 400));
        JsonNode before = detail(session);
        assertThat(before.get("eventCount").asInt()).isEqualTo(3);

        // when the session has been idle for 31 minutes and the finisher runs
        clock.advance(Duration.ofMinutes(31));
        Map<String, Object> report = runHandler();

        // then the waiting chunks are in the summary, the last click is dead, and the session is finished
        assertThat(report).containsEntry("sessionsFinished", 1);
        JsonNode after = detail(session);
        assertThat(after.get("eventCount").asInt()).isEqualTo(3 + 2 + 3);
        assertThat(after.get("clickCount").asInt()).isEqualTo(1);
        assertThat(after.get("deadClickCount").asInt()).isEqualTo(1);
        assertThat(after.get("endedAt").asText())
                .isEqualTo(Instant.ofEpochMilli(Events.T0 + 20_000).toString());
        assertThat(rewind.sessions.load(shop.tenantId(), session).orElseThrow().processedThrough)
                .isEqualTo(4);
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void aSessionWhoseFirstChunkNeverCameIsListedOnceFinished() {
        // given seqs 1 and 2 of a session whose seq 0 was lost: it waits, unlisted
        String session = newSessionId();
        send(session, 1, checkoutPage());
        send(session, 2, new Events().click(20_000, PLACE_ORDER, 300, 400));
        assertThat(listed(null)).isEmpty();

        // when it has been idle for 31 minutes and the finisher runs
        clock.advance(Duration.ofMinutes(31));
        Map<String, Object> report = runHandler();

        // then what arrived is aggregated and listed, the last click judged
        assertThat(report).containsEntry("sessionsFinished", 1);
        assertThat(listed(null)).containsExactly(session);
        assertThat(listed("dead_click")).containsExactly(session);
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void aSecondRunChangesNothing() {
        // given an idle session the finisher has finished
        String session = newSessionId();
        send(session, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        clock.advance(Duration.ofMinutes(31));
        assertThat(runHandler()).containsEntry("sessionsFinished", 1);
        Map<String, AttributeValue> finished = storedItem(session);

        // when it runs again, now and an hour later
        Map<String, Object> again = runHandler();
        clock.advance(Duration.ofHours(1));
        Map<String, Object> later = runHandler();

        // then nothing is finished twice and the item is exactly as it was (same version, same state)
        assertThat(again).containsEntry("sessionsFinished", 0).containsEntry("stillActive", 0);
        assertThat(later).containsEntry("sessionsFinished", 0).containsEntry("stillActive", 0);
        assertThat(storedItem(session)).isEqualTo(finished);
        assertThat(detail(session).get("deadClickCount").asInt()).isEqualTo(1);
    }

    @Test
    void aChunkAfterAFinishReopensTheSessionAndTheNextIdleRunFinishesItAgain() {
        // given a finished session
        String session = newSessionId();
        send(session, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        clock.advance(Duration.ofMinutes(31));
        runHandler();
        assertThat(openSessions()).isEmpty();

        // when a late chunk comes, ending in another click on the dead button
        send(session, 1, new Events().click(30 * 60_000L, PLACE_ORDER, 300, 400));

        // then the session is open again, and a run right away leaves it alone
        assertThat(openSessions()).containsExactly(session);
        assertThat(runHandler()).containsEntry("sessionsFinished", 0).containsEntry("stillActive", 1);
        assertThat(detail(session).get("deadClickCount").asInt()).isEqualTo(1);

        // when it has been idle for 31 minutes again
        clock.advance(Duration.ofMinutes(31));
        Map<String, Object> report = runHandler();

        // then the next run finishes it again, judging the new last click too
        assertThat(report).containsEntry("sessionsFinished", 1);
        assertThat(detail(session).get("deadClickCount").asInt()).isEqualTo(2);
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void theFinisherQueriesTheOpenIndexAndNeverScansTheSessionsTable() {
        // given two tenants with idle sessions, and one tenant with none
        Tenants.SignedUp other = Tenants.signUp(rewind, "Other Shop");
        Tenants.signUp(rewind, "Quiet Shop");
        String a = newSessionId();
        String b = newSessionId();
        send(a, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        send(b, 0, checkoutPage(), other.ingestKey());
        clock.advance(Duration.ofMinutes(31));
        calls.clear();

        // when the finisher runs
        Map<String, Object> report = runHandler();

        // then it read the tenants once, each tenant's by-open shards and unsharded key once, and no Scan touched
        // the sessions
        assertThat(report).containsEntry("tenants", 3).containsEntry("sessionsFinished", 2);
        assertThat(calls)
                .contains("Scan " + config.tenantsTable())
                .noneMatch(call -> call.startsWith("Scan " + config.sessionsTable()));
        assertThat(calls)
                .filteredOn(call -> call.startsWith("Query"))
                .containsOnly("Query " + config.sessionsTable() + "/" + Tables.BY_OPEN)
                .hasSize(3 * (Tables.INDEX_SHARDS + 1));
        assertThat(calls)
                .filteredOn(call -> call.equals("BatchGetItem " + config.sessionsTable()))
                .hasSize(2);
    }

    @Test
    void oneRunWalksEveryPageOfIdleSessions() {
        // given more idle sessions than three pages hold
        int pageSize = 2;
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3 * pageSize + 1; i++) {
            String session = newSessionId();
            send(session, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
            sessions.add(session);
        }
        clock.advance(Duration.ofMinutes(31));

        // when one run reads the index a page at a time
        WalkReport report = new IdleSessions(rewind.tenants, rewind.sessions, rewind.ingestion, rewind.clock, pageSize)
                .run(Duration.ofMinutes(5));

        // then every one of them is finished in that run
        assertThat(report)
                .isEqualTo(new WalkReport(
                        1,
                        Map.of(IdleSessions.SESSIONS_FINISHED, sessions.size(), IdleSessions.STILL_ACTIVE, 0),
                        0,
                        true));
        assertThat(listed("dead_click")).containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void aRunOutOfTimeStopsAndTheNextFinishes() {
        // given an idle session
        String session = newSessionId();
        send(session, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        clock.advance(Duration.ofMinutes(31));

        // when a run has no time left
        WalkReport stopped = rewind.idleSessions.run(Duration.ZERO);

        // then it says so and leaves the session open; the next run finishes it
        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.count(IdleSessions.SESSIONS_FINISHED)).isZero();
        assertThat(openSessions()).containsExactly(session);
        assertThat(rewind.idleSessions.run(Duration.ofMinutes(5)))
                .isEqualTo(new WalkReport(
                        1, Map.of(IdleSessions.SESSIONS_FINISHED, 1, IdleSessions.STILL_ACTIVE, 0), 0, true));
        assertThat(openSessions()).isEmpty();
    }

    @Test
    void aSessionThatCannotBeFinishedFailsTheInvocationAfterTheRestAndTheNextRunFinishesIt() {
        // given two idle sessions, and writes to one of them failing
        String broken = newSessionId();
        String healthy = newSessionId();
        send(broken, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        send(healthy, 0, checkoutPage().click(20_000, PLACE_ORDER, 300, 400));
        clock.advance(Duration.ofMinutes(31));
        failWritesOf = broken;

        // when the finisher runs, then the invocation fails, after finishing the other session
        assertThatThrownBy(this::runHandler)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 idle sessions could not be finished");
        assertThat(openSessions()).containsExactly(broken);

        // when the writes work again, then the next run finishes it
        failWritesOf = null;
        assertThat(runHandler()).containsEntry("sessionsFinished", 1).containsEntry("failures", 0);
        assertThat(openSessions()).isEmpty();
        assertThat(listed("dead_click")).containsExactlyInAnyOrder(broken, healthy);
    }

    @Test
    void anImportedSessionIsFinishedWhenItIsImported() {
        // given an rrweb recording imported from elsewhere, ending in a click on a dead button
        ObjectNode body = Json.object();
        body.set("events", checkoutPage().click(20_000, PLACE_ORDER, 300, 400).build());
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(shop.apiKey())
                                .json(body.toString())
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        String session = Tenants.read(response).get("sessionId").asText();

        // then it is decided at once and never waits for the finisher
        assertThat(detail(session).get("deadClickCount").asInt()).isEqualTo(1);
        assertThat(openSessions()).isEmpty();
    }

    /** A checkout page: a "Place order" button and a plain panel. */
    private static Events checkoutPage() {
        return Events.page(
                withChildren(element(PLACE_ORDER, "button", "id", "place-order"), text(11, "Place order")),
                withChildren(element(PANEL, "div", "class", "panel"), text(21, "Order summary")));
    }

    private static String newSessionId() {
        return "ses_" + UUID.randomUUID().toString().replace("-", "");
    }

    private void send(String sessionId, int seq, Events events) {
        send(sessionId, seq, events, shop.ingestKey());
    }

    /** One chunk through {@code POST /v1/ingest}, gzip, as a plain rrweb recorder's transport would send it. */
    private void send(String sessionId, int seq, Events events, String ingestKey) {
        ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
        chunk.putObject("meta").put("url", Events.PAGE);
        chunk.set("events", events.build());
        byte[] gzip = ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", ingestKey)
                                .header("origin", "https://shop.example")
                                .binary(gzip, "text/plain")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    }

    /**
     * Whether the request writes the session's item: a PutItem, or a transaction that puts it with the
     * hotspot aggregates its frustrations change (docs/INSIGHTS.md).
     */
    private static boolean writesSession(Object request, String sessionId) {
        if (request instanceof PutItemRequest put) {
            return put.item().get("pk").s().endsWith("#" + sessionId);
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .anyMatch(item -> item.put() != null
                            && item.put().item().containsKey("pk")
                            && item.put().item().get("pk").s().endsWith("#" + sessionId));
        }
        return false;
    }

    /** The scheduled invocation as EventBridge delivers it; outside Lambda there is no time limit. */
    private Map<String, Object> runHandler() {
        Map<String, Object> event = ScheduledEvents.at(clock.instant(), "RewindFinishIdleSessions");
        return new IdleSessionsHandler(rewind).handleRequest(event, null);
    }

    private JsonNode detail(String sessionId) {
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", sessionId)
                                .bearer(shop.apiKey())
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Tenants.read(response);
    }

    /** The sessions {@code GET /v1/sessions} lists, with a flag filter or none. */
    private List<String> listed(String flag) {
        ApiEvents request =
                ApiEvents.request("GET", "/v1/sessions").bearer(shop.apiKey()).query("limit", "100");
        if (flag != null) {
            request.query("flag", flag);
        }
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Tenants.read(response)
                .get("sessions")
                .forEach(s -> ids.add(s.get("sessionId").asText()));
        return ids;
    }

    /** The shop's entries in the by-open index (every shard and the unsharded key), read straight from DynamoDB. */
    private List<String> openSessions() {
        List<String> ids = new ArrayList<>();
        for (String partition : Tables.shardKeys(shop.tenantId())) {
            Emulator.DYNAMO
                    .queryPaginator(r -> r.tableName(config.sessionsTable())
                            .indexName(Tables.BY_OPEN)
                            .keyConditionExpression("#k = :t")
                            .expressionAttributeNames(Map.of("#k", Tables.OPEN_KEY))
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(partition))))
                    .items()
                    .forEach(item ->
                            ids.add(item.get("pk").s().substring(shop.tenantId().length() + 1)));
        }
        return ids;
    }

    private Map<String, AttributeValue> storedItem(String sessionId) {
        return Emulator.DYNAMO
                .getItem(r -> r.tableName(config.sessionsTable())
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(shop.tenantId() + "#" + sessionId))))
                .item();
    }
}
