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
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IdleSessionsHandler;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.InsightsHandler;
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
import java.time.temporal.ChronoUnit;
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
 * The error groups on the emulator (docs/INSIGHTS.md, "Error groups"): sessions with errors sent through
 * {@code POST /v1/ingest} and finished by the idle-session finisher, read through
 * {@code GET /v1/insights/errors} and {@code GET /v1/insights/errors/{groupId}}, their status changed through
 * {@code PATCH}: counted once per session however often a chunk comes, resolved then regressed, admins
 * only, and every documented error code produced.
 */
class ErrorGroupsIT {
    private static final String PAGE = "https://shop.example/cart";
    private static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    private final long start =
            Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600).toEpochMilli();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(start).plusSeconds(60));
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Rewind rewind;
    private Tenants.SignedUp shop;

    @BeforeEach
    void freshResources() {
        RewindConfig config = Emulator.freshConfig();
        DynamoDbClient counted = DynamoDbClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
        rewind = Rewind.create(config, clock, AwsStores.of(counted, AwsClients.s3(), config));
        shop = Tenants.signUp(rewind, "Error Shop");
    }

    @Test
    void errorsThatLookAlikeAreOneGroupAndASessionCountsOnceHoweverOftenItsChunksCome() {
        // given a session whose two chunks throw the coupon error (other ids and lines), each chunk sent twice
        String first = "errors-it-once-000001";
        send(first, 0, "user-1", meta(start), coupon(start + 1_000, 8123, 120));
        send(first, 1, "user-1", coupon(start + 4_000, 17, 131));
        send(first, 1, "user-1", coupon(start + 4_000, 17, 131));
        send(first, 0, "user-1", meta(start), coupon(start + 1_000, 8123, 120));
        // and two more sessions with it, one by another user, one anonymous, and one with another error
        send("errors-it-once-000002", 0, "user-2", meta(start + 10_000), coupon(start + 12_000, 5, 140));
        send("errors-it-once-000003", 0, null, meta(start + 20_000), coupon(start + 25_000, 6, 150));
        send("errors-it-once-000004", 0, null, meta(start + 20_000), error(start + 21_000, "Cart is empty", null));

        // when they are idle for 31 minutes and the finisher runs twice
        clock.advance(Duration.ofMinutes(31));
        finishIdle();
        finishIdle();

        // and the list is read
        calls.clear();
        JsonNode view = errors(shop.apiKey(), "7", 200);

        // then it cost one Query and one BatchGet (besides the api key's look-up)
        assertThat(calls)
                .filteredOn(c -> !c.equals("GetItem") && !c.equals("UpdateItem"))
                .containsExactlyInAnyOrder("Query", "BatchGetItem");
        // and the coupon error is one group, first: 4 occurrences in 3 sessions by 2 users, all on Chrome
        JsonNode coupon = view.at("/groups/0");
        assertThat(view.get("groups")).hasSize(2);
        assertThat(coupon.get("message").asText()).isEqualTo("Order 8123 not found");
        assertThat(coupon.get("occurrences").asInt()).isEqualTo(4);
        assertThat(coupon.get("sessions").asInt()).isEqualTo(3);
        assertThat(coupon.get("users").asInt()).isEqualTo(2);
        assertThat(coupon.at("/browsers/Chrome").asInt()).isEqualTo(3);
        assertThat(coupon.get("status").asText()).isEqualTo("open");
        assertThat(coupon.get("firstSeen").asText())
                .isEqualTo(Instant.ofEpochMilli(start + 1_000).toString());
        assertThat(coupon.get("lastSeen").asText())
                .isEqualTo(Instant.ofEpochMilli(start + 25_000).toString());
        assertThat(coupon.get("series")).hasSize(7);
        assertThat(coupon.at("/series/6").asInt() + coupon.at("/series/5").asInt())
                .isEqualTo(4);
        assertThat(view.at("/groups/1/sessions").asInt()).isEqualTo(1);

        // and its detail has the sample stack without query strings and the sessions at the error, newest first
        JsonNode detail = detail(shop.apiKey(), coupon.get("groupId").asText(), 200);
        assertThat(detail.at("/group/stack").asText())
                .contains("at applyCoupon (https://shop.example/app.js:120:17)")
                .doesNotContain("?v=");
        assertThat(detail.get("sessions"))
                .extracting(s -> s.get("sessionId").asText())
                .containsExactly("errors-it-once-000003", "errors-it-once-000002", first);
        assertThat(detail.at("/sessions/2/offsetMs").asLong()).isEqualTo(1_000);
        assertThat(detail.at("/sessions/0/offsetMs").asLong()).isEqualTo(5_000);

        // and the session list's errorGroup filter finds the three sessions that hit it, not the cart one
        dev.rewind.lambda.SessionsHandler sessions = new dev.rewind.lambda.SessionsHandler(rewind);
        JsonNode hit = Tenants.read(sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions")
                        .query("errorGroup", coupon.get("groupId").asText())
                        .bearer(shop.apiKey())
                        .build(),
                null));
        assertThat(hit.get("sessions"))
                .extracting(s -> s.get("sessionId").asText())
                .containsExactlyInAnyOrder(first, "errors-it-once-000002", "errors-it-once-000003");
        for (String notAGroup : new String[] {"not-a-group", ""}) {
            APIGatewayV2HTTPResponse badGroup = sessions.handleRequest(
                    ApiEvents.request("GET", "/v1/sessions")
                            .query("errorGroup", notAGroup)
                            .bearer(shop.apiKey())
                            .build(),
                    null);
            assertThat(badGroup.getStatusCode()).as("errorGroup=%s", notAGroup).isEqualTo(400);
            assertThat(Tenants.read(badGroup).at("/error/code").asText()).isEqualTo("invalid_errorGroup");
        }

        // and another tenant sees none of it, and can neither read nor change the group by its id
        String other = Tenants.signUp(rewind, "Other Shop").apiKey();
        assertThat(errors(other, "30", 200).get("groups")).isEmpty();
        String groupId = coupon.get("groupId").asText();
        assertThat(detail(other, groupId, 404).at("/error/code").asText()).isEqualTo("not_found");
        assertThat(code(patch(groupId, "{\"status\":\"ignored\"}").bearer(other), 404))
                .isEqualTo("not_found");
        assertThat(detail(shop.apiKey(), groupId, 200).at("/group/status").asText())
                .isEqualTo("open");
    }

    @Test
    void aResolvedGroupThatOccursAgainIsRegressedOnlyAdminsChangeAStatusAndEveryDocumentedCodeIsProduced()
            throws Exception {
        // given the coupon error in one session, and a member of the shop and its read api key
        send("errors-it-back-000001", 0, null, meta(start), coupon(start + 1_000, 1, 120));
        String groupId = errors(shop.apiKey(), "7", 200).at("/groups/0/groupId").asText();
        Users.SignedIn member = member();
        String readKey = readKey();

        // when a member, a read key, a bad status and an unknown group try to change it, nothing changes
        Set<String> produced = new TreeSet<>();
        assertThat(patchCode(
                        patch(groupId, "{\"status\":\"resolved\"}")
                                .bearer(member.idToken())
                                .header("x-rewind-tenant", shop.tenantId()),
                        403))
                .isEqualTo("forbidden");
        produced.add(patchCode(patch(groupId, "{\"status\":\"resolved\"}").bearer(readKey), 403));
        produced.add(patchCode(patch(groupId, "{\"status\":\"fixed\"}").bearer(shop.apiKey()), 400));
        produced.add(patchCode(patch(groupId, "{\"status\":").bearer(shop.apiKey()), 400));
        produced.add(
                patchCode(patch("0123456789abcdef", "{\"status\":\"resolved\"}").bearer(shop.apiKey()), 404));
        produced.add(patchCode(patch(groupId, "{\"status\":\"resolved\"}").bearer(member.idToken()), 400));
        Users.SignedIn stranger = Users.create(rewind.config, Users.email("errors-stranger"));
        produced.add(patchCode(
                patch(groupId, "{\"status\":\"resolved\"}")
                        .bearer(stranger.idToken())
                        .header("x-rewind-tenant", shop.tenantId()),
                403));
        assertThat(detail(shop.apiKey(), groupId, 200).at("/group/status").asText())
                .isEqualTo("open");
        // but the member may read it
        assertThat(new InsightsHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("GET", "/v1/insights/errors/{groupId}")
                                        .path("groupId", groupId)
                                        .bearer(member.idToken())
                                        .header("x-rewind-tenant", shop.tenantId())
                                        .build(),
                                null)
                        .getStatusCode())
                .isEqualTo(200);

        // when the admin resolves it
        clock.advance(Duration.ofMinutes(1));
        JsonNode resolved = patchOk(groupId, "resolved");
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolvedAt").asText())
                .isEqualTo(clock.instant().toString());
        assertThat(errors(shop.apiKey(), "7", 200).at("/groups/0/status").asText())
                .isEqualTo("resolved");
        // and it was audited
        JsonNode audit = Tenants.read(new TeamHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/audit")
                                .bearer(shop.apiKey())
                                .build(),
                        null));
        assertThat(audit.toString()).contains("error_group.status").contains("error group " + groupId);

        // and the error occurs again, in a new session after the resolve
        clock.advance(Duration.ofMinutes(1));
        long later = clock.millis() - 10_000;
        send("errors-it-back-000002", 0, null, meta(later), coupon(later + 1_000, 2, 130));

        // then the group is regressed, and reopening makes it open
        assertThat(detail(shop.apiKey(), groupId, 200).at("/group/status").asText())
                .isEqualTo("regressed");
        assertThat(patchOk(groupId, "open").get("status").asText()).isEqualTo("open");
        assertThat(patchOk(groupId, "ignored").get("status").asText()).isEqualTo("ignored");

        // and the list and detail refuse what they must
        Set<String> read = new TreeSet<>();
        read.add(code(
                ApiEvents.request("GET", "/v1/insights/errors")
                        .bearer(shop.apiKey())
                        .query("days", "14"),
                400));
        read.add(code(ApiEvents.request("GET", "/v1/insights/errors").bearer(member.idToken()), 400));
        read.add(code(
                ApiEvents.request("GET", "/v1/insights/errors")
                        .bearer(stranger.idToken())
                        .header("x-rewind-tenant", shop.tenantId()),
                403));
        Set<String> detailCodes = new TreeSet<>(read);
        detailCodes.add(code(
                ApiEvents.request("GET", "/v1/insights/errors/{groupId}")
                        .path("groupId", "not-a-group")
                        .bearer(shop.apiKey()),
                404));
        assertThat(code(ApiEvents.request("GET", "/v1/insights/errors"), 401)).isEqualTo("missing_api_key");

        // and those are the codes docs/openapi.yaml lists for each route
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(new File("../docs/openapi.yaml"));
        assertThat(read).containsExactlyInAnyOrderElementsOf(documented(spec, "~1v1~1insights~1errors/get"));
        assertThat(detailCodes)
                .containsExactlyInAnyOrderElementsOf(documented(spec, "~1v1~1insights~1errors~1{groupId}/get"));
        assertThat(produced)
                .containsExactlyInAnyOrderElementsOf(documented(spec, "~1v1~1insights~1errors~1{groupId}/patch"));
    }

    private static Set<String> documented(JsonNode spec, String path) {
        Set<String> codes = new TreeSet<>();
        spec.at("/paths/" + path + "/x-error-codes").forEach(c -> codes.add(c.asText()));
        assertThat(codes).isNotEmpty();
        return codes;
    }

    private Users.SignedIn member() {
        Users.SignedIn member = Users.create(rewind.config, Users.email("errors-member"));
        TeamHandler team = new TeamHandler(rewind);
        String token = Tenants.read(team.handleRequest(
                        ApiEvents.request("POST", "/v1/invitations")
                                .bearer(shop.apiKey())
                                .json("{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
                                .build(),
                        null))
                .get("token")
                .asText();
        APIGatewayV2HTTPResponse accepted = team.handleRequest(
                ApiEvents.request("POST", "/v1/invitations/accept")
                        .bearer(member.idToken())
                        .json("{\"token\":\"" + token + "\"}")
                        .build(),
                null);
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        return member;
    }

    private String readKey() {
        return Tenants.read(new TenantHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("POST", "/v1/keys")
                                        .bearer(shop.apiKey())
                                        .json("{\"name\":\"dashboards\",\"scope\":\"read\"}")
                                        .build(),
                                null))
                .get("key")
                .asText();
    }

    private static ApiEvents patch(String groupId, String json) {
        return ApiEvents.request("PATCH", "/v1/insights/errors/{groupId}")
                .path("groupId", groupId)
                .json(json);
    }

    private JsonNode patchOk(String groupId, String status) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind)
                .handleRequest(
                        patch(groupId, "{\"status\":\"" + status + "\"}")
                                .bearer(shop.apiKey())
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Tenants.read(response);
    }

    private String patchCode(ApiEvents request, int status) {
        return code(request, status);
    }

    private JsonNode errors(String bearer, String days, int status) {
        ApiEvents request = ApiEvents.request("GET", "/v1/insights/errors").bearer(bearer);
        if (days != null) {
            request.query("days", days);
        }
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response);
    }

    private JsonNode detail(String bearer, String groupId, int status) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/insights/errors/{groupId}")
                                .path("groupId", groupId)
                                .bearer(bearer)
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response);
    }

    private String code(ApiEvents request, int status) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response).at("/error/code").asText();
    }

    private void finishIdle() {
        new IdleSessionsHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindFinishIdleSessions"), null);
    }

    /** One chunk through {@code POST /v1/ingest}, gzip, from Chrome. */
    private void send(String sessionId, int seq, String userId, ObjectNode... events) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (ObjectNode e : events) {
            list.add(e);
        }
        ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
        ObjectNode meta = chunk.putObject("meta").put("url", PAGE);
        if (userId != null) {
            meta.put("userId", userId);
        }
        chunk.set("events", list);
        byte[] gzip = ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", shop.ingestKey())
                                .header("origin", "https://shop.example")
                                .header("user-agent", CHROME)
                                .binary(gzip, "text/plain")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
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
