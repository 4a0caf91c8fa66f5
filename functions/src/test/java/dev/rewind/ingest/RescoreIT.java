package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.AwsStores;
import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.Journey;
import dev.rewind.lambda.IdleSessionsHandler;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.InsightsHandler;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.schedule.WorkQueue;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.ScheduledEvents;
import dev.rewind.testing.SqsQueues;
import dev.rewind.testing.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Re-score history (docs/FRUSTRATION.md, "Re-score history") on the emulator: sessions ingested with the
 * default rules, the rules changed, {@code POST /v1/tenant/rescore}, the run through real SQS messages in
 * parts of two sessions; the flags, the lists by flag and the hotspots are then those of a tenant that
 * ingested the same sessions under the new rules, a second run changes nothing, and the progress says so.
 */
class RescoreIT {
    private static final SqsClient SQS = AwsClients.sqs();
    private static final String CHECKOUT = "http://127.0.0.1:34791/checkout.html";
    private static final String STRICTER = "{\"frustrationRules\":{\"rageMinClicks\":5}}";
    private static final int SESSIONS = 5;
    private static final int PART = 2;

    private final Journey rage = Journey.load("place-order-rage");
    private final long recordedAt = rage.events().get(0).path("timestamp").asLong();
    private final MutableClock clock =
            new MutableClock(Instant.ofEpochMilli(recordedAt).plusSeconds(10));
    /** Every AWS request, as "Operation" or "Operation table" (DynamoDB writes name their table). */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private final ExecutionInterceptor counting = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            String table = context.request() instanceof PutItemRequest put
                    ? " " + put.tableName()
                    : context.request() instanceof TransactWriteItemsRequest ? " transaction" : "";
            requests.add(operation + table);
        }
    };
    private final RewindConfig config = Emulator.freshConfig();
    private final Rewind rewind = Rewind.create(
            config,
            clock,
            AwsStores.of(
                    DynamoDbClient.builder()
                            .overrideConfiguration(o -> o.addExecutionInterceptor(counting))
                            .build(),
                    S3Client.builder()
                            .forcePathStyle(System.getenv("AWS_ENDPOINT_URL") != null)
                            .overrideConfiguration(o -> o.addExecutionInterceptor(counting))
                            .build(),
                    config));
    private final SqsQueues.Queue queue =
            SqsQueues.create(SQS, "it-rescore-" + UUID.randomUUID().toString().substring(0, 8), 3);
    /** Every message sent, by the route and by the workers. */
    private final List<WorkMessage> sent = Collections.synchronizedList(new ArrayList<>());

    private final WorkQueue workQueue = messages -> {
        SqsWorkQueue.create(SQS, queue.url()).send(messages);
        sent.addAll(messages);
    };
    private final ScheduledWorkHandler worker = new ScheduledWorkHandler(rewind.worker(
            workQueue, new Rescore(rewind.tenants, rewind.sessions, rewind.hotspots, rewind.ingestion, clock, PART)));

    @Test
    void aRescoreGivesWhatAFreshIngestUnderTheNewRulesGivesAndASecondChangesNothing() {
        // given a tenant that recorded five rage journeys under the default rules, and one that recorded the
        // same under rules where 4 clicks are too few to rage (the button never answers: dead clicks then)
        Tenants.SignedUp shop = Tenants.signUp(rewind, "Rescored shop");
        Tenants.SignedUp fresh = Tenants.signUp(rewind, "Fresh shop");
        Tenants.patch(rewind, fresh.apiKey(), STRICTER);
        Rewind server = Rewind.create(rewind.config, clock); // reads each tenant's rules as they are now
        for (int i = 0; i < SESSIONS; i++) {
            record(server, shop, sid(i));
            record(server, fresh, sid(i));
        }
        clock.advance(Duration.ofMinutes(31));
        new IdleSessionsHandler(rewind)
                .handleRequest(ScheduledEvents.at(clock.instant(), "RewindFinishIdleSessions"), null);
        assertThat(listed(shop, "rage_click")).hasSize(SESSIONS);
        assertThat(listed(fresh, "rage_click")).isEmpty();
        assertThat(tenant("GET", shop, 200).get("state").asText()).isEqualTo("none");

        // and a read-only key may see the progress but not start a run (the settings' permission)
        APIGatewayV2HTTPResponse created = new TenantHandler(rewind, workQueue)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/keys")
                                .bearer(shop.apiKey())
                                .json("{\"name\":\"reader\",\"scope\":\"read\"}")
                                .build(),
                        null);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String reader = Tenants.read(created).get("key").asText();
        assertThat(tenant("GET", reader, 200).get("state").asText()).isEqualTo("none");
        assertThat(tenant("POST", reader, 403).at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(sent).isEmpty();

        // when the shop changes its rules and starts a re-score (a second start meanwhile refused)
        Tenants.patch(rewind, shop.apiKey(), STRICTER);
        JsonNode started = tenant("POST", shop, 202);
        assertThat(started.get("state").asText()).isEqualTo("running");
        assertThat(started.at("/frustrationRules/rageMinClicks").asInt()).isEqualTo(5);
        assertThat(tenant("POST", shop, 409).at("/error/code").asText()).isEqualTo("rescore_running");
        // and two pollers drain the work queue, as Lambda's event source would
        SqsQueues.Drained drained = drain();

        // then the run went in parts of two sessions, each message one part, and is done with all five
        assertThat(drained.failures()).isZero();
        assertThat(sent).allSatisfy(m -> assertThat(m.job()).isEqualTo(Job.RESCORE));
        assertThat(sent).hasSize(3); // the start's message, then a continuation after each full page
        JsonNode done = tenant("GET", shop, 200);
        assertThat(done.get("state").asText()).isEqualTo("done");
        assertThat(done.get("sessionsRescored").asInt()).isEqualTo(SESSIONS);
        assertThat(done.get("sessionsChanged").asInt()).isEqualTo(SESSIONS);
        assertThat(done.get("sessionsSkipped").asInt()).isZero();
        assertThat(done.has("finishedAt")).isTrue();
        // and the flags are the new rules', as the fresh tenant's, in the session and in the lists
        for (int i = 0; i < SESSIONS; i++) {
            assertThat(detail(shop, sid(i)).get("flags"))
                    .as(sid(i))
                    .isEqualTo(detail(fresh, sid(i)).get("flags"));
            assertThat(detail(shop, sid(i)).get("frustrations"))
                    .isEqualTo(detail(fresh, sid(i)).get("frustrations"));
        }
        assertThat(listed(shop, "rage_click")).isEmpty();
        assertThat(listed(shop, "dead_click")).hasSize(SESSIONS);
        // and the hotspots count what the fresh ingest counts
        JsonNode hotspots = hotspots(shop);
        assertThat(hotspots).isEqualTo(hotspots(fresh));
        assertThat(hotspots.at("/elements/0/rageClicks").asInt()).isZero();
        assertThat(hotspots.at("/elements/0/deadClicks").asInt()).isEqualTo(SESSIONS);
        assertThat(hotspots.at("/elements/0/sessions").asInt()).isEqualTo(SESSIONS);

        // when it runs again
        sent.clear();
        requests.clear();
        tenant("POST", shop, 202);
        assertThat(drain().failures()).isZero();

        // then each session cost its chunks' GETs and one read of its item, and nothing of it was written: the only
        // puts are the run's progress (the start's and one a part, docs/COST.md "Re-score history")
        List<String> run = List.copyOf(requests);
        assertThat(run.stream().filter("GetObject"::equals)).hasSize(2 * SESSIONS);
        assertThat(run).noneMatch(r -> r.startsWith("TransactWriteItems") || r.startsWith("PutObject"));
        assertThat(run.stream().filter(("PutItem " + config.insightsTable())::equals))
                .hasSize(1 + sent.size());
        assertThat(run).doesNotContain("PutItem " + config.sessionsTable());
        assertThat(run).doesNotContain("Scan");

        // and nothing changed
        JsonNode again = tenant("GET", shop, 200);
        assertThat(again.get("state").asText()).isEqualTo("done");
        assertThat(again.get("sessionsRescored").asInt()).isEqualTo(SESSIONS);
        assertThat(again.get("sessionsChanged").asInt()).isZero();
        assertThat(hotspots(shop)).isEqualTo(hotspots);
        assertThat(SqsQueues.bodies(SQS, queue.deadLettersUrl())).isEmpty();
    }

    private SqsQueues.Drained drain() {
        return SqsQueues.drain(SQS, queue, worker, LambdaContexts.remaining("ScheduledWork", 120_000), 2, 5);
    }

    private static String sid(int i) {
        return String.format("rescore-it-%08d", i);
    }

    /** {@code GET|POST /v1/tenant/rescore}, answered with {@code status}. */
    private JsonNode tenant(String method, Tenants.SignedUp shop, int status) {
        return tenant(method, shop.apiKey(), status);
    }

    private JsonNode tenant(String method, String apiKey, int status) {
        APIGatewayV2HTTPResponse response = new TenantHandler(rewind, workQueue)
                .handleRequest(
                        ApiEvents.request(method, "/v1/tenant/rescore")
                                .bearer(apiKey)
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response);
    }

    /** The view's rows without their replays' session ids (the tenants' sessions have the same ids anyway). */
    private JsonNode hotspots(Tenants.SignedUp shop) {
        APIGatewayV2HTTPResponse response = new InsightsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/insights/hotspots")
                                .bearer(shop.apiKey())
                                .query("days", "7")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        ObjectNode view = (ObjectNode) Tenants.read(response);
        for (String rows : List.of("elements", "pages")) {
            view.get(rows)
                    .forEach(row ->
                            ((ObjectNode) row).put("replays", row.get("replays").size()));
        }
        return view;
    }

    private JsonNode detail(Tenants.SignedUp shop, String sessionId) {
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

    private List<String> listed(Tenants.SignedUp shop, String flag) {
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/sessions")
                                .bearer(shop.apiKey())
                                .query("flag", flag)
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Tenants.read(response)
                .get("sessions")
                .forEach(s -> ids.add(s.get("sessionId").asText()));
        return ids;
    }

    /** The journey as two chunks through {@code POST /v1/ingest}. */
    private void record(Rewind server, Tenants.SignedUp shop, String sessionId) {
        JsonNode events = rage.events();
        send(server, shop, sessionId, 0, slice(events, 0, 12));
        send(server, shop, sessionId, 1, slice(events, 12, events.size()));
    }

    private static ArrayNode slice(JsonNode events, int from, int to) {
        ArrayNode slice = Json.MAPPER.createArrayNode();
        for (int i = from; i < to; i++) {
            slice.add(events.get(i));
        }
        return slice;
    }

    private void send(Rewind server, Tenants.SignedUp shop, String sessionId, int seq, JsonNode events) {
        ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
        chunk.putObject("meta").put("url", CHECKOUT);
        chunk.set("events", events);
        byte[] gzip = ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = new IngestHandler(server)
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
