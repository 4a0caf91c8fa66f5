package dev.rewind.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.AwsStores;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.Journey;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IdleSessionsHandler;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.InsightsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TeamHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.Users;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The hotspots view on the emulator (docs/INSIGHTS.md): labelled journeys sent through {@code POST /v1/ingest}
 * and finished by the idle-session finisher, then read through {@code GET /v1/insights/hotspots}. A session
 * counts once however often its chunks and its finish arrive, also when sessions race for one aggregate;
 * a view is one Query and one BatchGet; members and read api keys may read it.
 */
class InsightsIT {
    private static final String CHECKOUT = "http://127.0.0.1:34791/checkout.html";
    private static final String PLACE_ORDER = "button#place-order";

    private final Journey rage = Journey.load("place-order-rage");
    private final long recordedAt = rage.events().get(0).path("timestamp").asLong();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(recordedAt).plusSeconds(10));
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Rewind rewind;
    private Tenants.SignedUp shop;
    /** Runs once, just before the next TransactWriteItems is sent: another writer gets in between. */
    private volatile Runnable beforeNextTransaction;

    @BeforeEach
    void freshResources() {
        RewindConfig config = Emulator.freshConfig();
        DynamoDbClient counted = DynamoDbClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        calls.add(operation);
                        Runnable hook = beforeNextTransaction;
                        if (hook != null && "TransactWriteItems".equals(operation)) {
                            beforeNextTransaction = null;
                            hook.run();
                        }
                    }
                }))
                .build();
        rewind = Rewind.create(config, clock, AwsStores.of(counted, AwsClients.s3(), config));
        shop = Tenants.signUp(rewind, "Insights Shop");
    }

    @Test
    void aJourneysFrustrationsCountOnceHoweverOftenItsChunksAndTheFinishArrive() {
        // given the rage journey in two chunks, the second sent twice and the first again after it
        String session = "insights-once-00000001";
        send(session, 0, slice(rage.events(), 0, 12), null);
        send(session, 1, slice(rage.events(), 12, rage.events().size()), null);
        send(session, 1, slice(rage.events(), 12, rage.events().size()), null);
        send(session, 0, slice(rage.events(), 0, 12), null);

        // when the session is idle for 31 minutes and the finisher runs twice
        clock.advance(Duration.ofMinutes(31));
        finishIdle();
        finishIdle();

        // and the view is read
        calls.clear();
        JsonNode view = hotspots(shop.apiKey(), "7", 200);

        // then it cost one Query and one BatchGet (besides the api key's look-up), no Scan
        assertThat(calls)
                .filteredOn(c -> !c.equals("GetItem") && !c.equals("UpdateItem"))
                .containsExactlyInAnyOrder("Query", "BatchGetItem");
        // and the button has one rage click (the burst is not also a dead click) in one session, with its replay at it
        JsonNode button = row(view.get("elements"), PLACE_ORDER);
        assertThat(button.get("page").asText()).isEqualTo(CHECKOUT);
        assertThat(button.get("rageClicks").asInt()).isEqualTo(1);
        assertThat(button.get("deadClicks").asInt()).isZero();
        assertThat(button.get("sessions").asInt()).isEqualTo(1);
        assertThat(button.get("previousSessions").asInt()).isZero();
        assertThat(button.get("change").asInt()).isEqualTo(1);
        JsonNode replay = button.at("/replays/0");
        assertThat(replay.get("sessionId").asText()).isEqualTo(session);
        JsonNode detail = Tenants.read(new dev.rewind.lambda.SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions/{id}")
                                .path("id", session)
                                .bearer(shop.apiKey())
                                .build(),
                        null));
        assertThat(replay.get("offsetMs").asLong())
                .isEqualTo(detail.at("/frustrations/0/offsetMs").asLong());
        // and the page row counts the same session once
        JsonNode page = view.get("pages").get(0);
        assertThat(page.get("page").asText()).isEqualTo(CHECKOUT);
        assertThat(page.get("sessions").asInt()).isEqualTo(1);
        assertThat(page.has("selector")).isFalse();

        // and another tenant's view has none of it
        Tenants.SignedUp other = Tenants.signUp(rewind, "Other Shop");
        JsonNode theirs = hotspots(other.apiKey(), "30", 200);
        assertThat(theirs.get("elements")).isEmpty();
        assertThat(theirs.get("pages")).isEmpty();
    }

    @Test
    void aSessionThatLosesTheRaceForAnAggregateIsWrittenAgainAndBothCountOnce() {
        // given a second session of the journey indexed between the first one's read of the aggregates and its
        // write (staged: moto rolls a failed transaction back to a copy of the whole table taken at its start,
        // which would also undo a concurrent one's writes, so real threads do not test DynamoDB here)
        calls.clear();
        beforeNextTransaction = () -> send("insights-race-00000002", 0, rage.events(), "user-2");
        send("insights-race-00000001", 0, rage.events(), "user-1");

        // then the first session's transaction was refused and written again
        assertThat(calls.stream().filter("TransactWriteItems"::equals).count()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(31));
        finishIdle();

        // and each session counted once, with its user
        JsonNode button = row(hotspots(shop.apiKey(), "30", 200).get("elements"), PLACE_ORDER);
        assertThat(button.get("sessions").asInt()).isEqualTo(2);
        assertThat(button.get("rageClicks").asInt()).isEqualTo(2);
        assertThat(button.get("deadClicks").asInt()).isZero();
        assertThat(button.get("users").asInt()).isEqualTo(2);
        assertThat(button.get("replays"))
                .extracting(r -> r.get("sessionId").asText())
                .containsExactlyInAnyOrder("insights-race-00000001", "insights-race-00000002");
    }

    @Test
    void membersAndReadApiKeysMayReadInsightsAndEveryDocumentedErrorCodeIsProduced() throws Exception {
        // given an organization with a member, and the shop's read api key
        Users.SignedIn owner = Users.create(rewind.config, Users.email("insights-owner"));
        String tenantId = Tenants.read(new SignupHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("POST", "/v1/organizations")
                                        .bearer(owner.idToken())
                                        .json("{\"organization\":\"Acme\"}")
                                        .build(),
                                null))
                .get("tenantId")
                .asText();
        Users.SignedIn member = Users.create(rewind.config, Users.email("insights-member"));
        TeamHandler team = new TeamHandler(rewind);
        String token = Tenants.read(team.handleRequest(
                        ApiEvents.request("POST", "/v1/invitations")
                                .bearer(owner.idToken())
                                .header("x-rewind-tenant", tenantId)
                                .json("{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
                                .build(),
                        null))
                .get("token")
                .asText();
        assertThat(team.handleRequest(
                                ApiEvents.request("POST", "/v1/invitations/accept")
                                        .bearer(member.idToken())
                                        .json("{\"token\":\"" + token + "\"}")
                                        .build(),
                                null)
                        .getStatusCode())
                .isEqualTo(200);
        String readKey = Tenants.read(new TenantHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("POST", "/v1/keys")
                                        .bearer(shop.apiKey())
                                        .json("{\"name\":\"dashboards\",\"scope\":\"read\"}")
                                        .build(),
                                null))
                .get("key")
                .asText();

        // then the member and the read key may read
        assertThat(status(ApiEvents.request("GET", "/v1/insights/hotspots")
                        .bearer(member.idToken())
                        .header("x-rewind-tenant", tenantId)))
                .isEqualTo("200");
        assertThat(hotspots(readKey, null, 200).get("days").asInt()).isEqualTo(7);

        // and what is refused is refused with its code
        Set<String> produced = new TreeSet<>();
        produced.add(code(
                ApiEvents.request("GET", "/v1/insights/hotspots")
                        .bearer(shop.apiKey())
                        .query("days", "14"),
                400));
        produced.add(code(ApiEvents.request("GET", "/v1/insights/hotspots").bearer(member.idToken()), 400));
        Users.SignedIn stranger = Users.create(rewind.config, Users.email("insights-stranger"));
        produced.add(code(
                ApiEvents.request("GET", "/v1/insights/hotspots")
                        .bearer(stranger.idToken())
                        .header("x-rewind-tenant", tenantId),
                403));
        assertThat(code(ApiEvents.request("GET", "/v1/insights/hotspots"), 401)).isEqualTo("missing_api_key");
        assertThat(code(ApiEvents.request("GET", "/v1/insights/hotspots").bearer(shop.ingestKey()), 401))
                .isEqualTo("invalid_api_key");

        // and those are the codes docs/openapi.yaml lists for the route
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(new File("../docs/openapi.yaml"));
        Set<String> documented = new TreeSet<>();
        spec.at("/paths/~1v1~1insights~1hotspots/get/x-error-codes").forEach(c -> documented.add(c.asText()));
        assertThat(produced).containsExactlyInAnyOrderElementsOf(documented);
    }

    private JsonNode hotspots(String bearer, String days, int status) {
        ApiEvents request = ApiEvents.request("GET", "/v1/insights/hotspots").bearer(bearer);
        if (days != null) {
            request.query("days", days);
        }
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response);
    }

    private String status(ApiEvents request) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind).handleRequest(request.build(), null);
        return String.valueOf(response.getStatusCode());
    }

    private String code(ApiEvents request, int status) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response).at("/error/code").asText();
    }

    private static JsonNode row(JsonNode rows, String selector) {
        for (JsonNode row : rows) {
            if (selector.equals(row.path("selector").asText())) {
                return row;
            }
        }
        throw new AssertionError("no row for " + selector + " in " + rows);
    }

    private void finishIdle() {
        new IdleSessionsHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindFinishIdleSessions"), null);
    }

    private static ArrayNode slice(JsonNode events, int from, int to) {
        ArrayNode slice = Json.MAPPER.createArrayNode();
        for (int i = from; i < to; i++) {
            slice.add(events.get(i));
        }
        return slice;
    }

    /** One chunk through {@code POST /v1/ingest}, gzip, with the journey page's meta. */
    private void send(String sessionId, int seq, JsonNode events, String userId) {
        ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
        ObjectNode meta = chunk.putObject("meta").put("url", CHECKOUT);
        if (userId != null) {
            meta.put("userId", userId);
        }
        chunk.set("events", events);
        byte[] gzip = ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", shop.ingestKey())
                                .header("origin", "https://shop.example")
                                .binary(gzip, "text/plain")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    }
}
