package dev.rewind.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.priming.Priming;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One cold start, as a Lambda sees it: a fresh JVM loads a handler class from the deployment jar and
 * answers its first request against the emulator. Run by scripts/bench.sh with the deployment jar and
 * this class only on the classpath; it prints one line the script reads:
 * {@code coldstart <function> <ms since JVM start> <classes loaded> <status>}.
 * {@code setup} mode (a separate JVM, not timed) creates the resources and a tenant; {@code train} mode
 * answers one ingest and one session list in the same JVM, the run a class-data archive is recorded from
 * ({@code -XX:ArchiveClassesAtExit}, scripts/bench.sh). {@code restore} mode stands in for a SnapStart
 * restore: the handler is built (Lambda's init, which the snapshot holds), optionally primed as
 * {@link Priming} does before the snapshot, and only the first request is timed:
 * {@code restore <function> <ms of the first request> <plain|primed> <status>}.
 */
public final class ColdStart {
    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup();
            case "ingest" -> ingest(args[1]);
            case "sessions" -> sessions(args[1]);
            case "train" -> {
                ingest(args[1]);
                sessions(args[2]);
            }
            case "restore" -> restore(args[1], args[2], args[3]);
            default ->
                throw new IllegalArgumentException(
                        "setup | ingest <ingestKey> | sessions <apiKey> | train <ingestKey> <apiKey>"
                                + " | restore ingest|sessions <key> plain|primed");
        }
    }

    private static void setup() throws Exception {
        RewindConfig config = RewindConfig.fromEnvironment();
        ResourceBootstrap.create(AwsClients.dynamoDb(), AwsClients.s3(), config);
        APIGatewayV2HTTPResponse response = new SignupHandler()
                .handleRequest(
                        APIGatewayV2HTTPEvent.builder()
                                .withRouteKey("POST /v1/signup")
                                .withHeaders(Map.of("content-type", "application/json"))
                                .withBody("{\"email\":\"cold@rewind.local\",\"organization\":\"Cold start\"}")
                                .withIsBase64Encoded(false)
                                .build(),
                        null);
        JsonNode tenant = Json.MAPPER.readTree(response.getBody());
        System.out.println(
                tenant.get("ingestKey").asText() + " " + tenant.get("apiKey").asText());
    }

    private static void restore(String function, String key, String mode) {
        boolean ingest = function.equals("ingest");
        // Lambda's init phase, in the snapshot: the handler and its clients
        IngestHandler ingestHandler = ingest ? new IngestHandler() : null;
        SessionsHandler sessionsHandler = ingest ? null : new SessionsHandler();
        if (mode.equals("primed")) {
            Priming.prime();
        }
        APIGatewayV2HTTPEvent event = ingest ? ingestEvent(key) : sessionsEvent(key);
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response =
                ingest ? ingestHandler.handleRequest(event, null) : sessionsHandler.handleRequest(event, null);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("restore " + function + " " + ms + " " + mode + " " + response.getStatusCode());
    }

    private static void ingest(String ingestKey) {
        report("ingest", new IngestHandler().handleRequest(ingestEvent(ingestKey), null));
    }

    private static APIGatewayV2HTTPEvent ingestEvent(String ingestKey) {
        long now = System.currentTimeMillis();
        String chunk = "{\"sessionId\":\"cold-start-" + now
                + "\",\"seq\":0,\"meta\":{\"url\":\"https://cold.example/\"},\"events\":["
                + "{\"type\":4,\"timestamp\":" + (now - 900)
                + ",\"data\":{\"href\":\"https://cold.example/\",\"width\":1280,\"height\":720}},"
                + "{\"type\":3,\"timestamp\":" + (now - 500)
                + ",\"data\":{\"source\":2,\"type\":2,\"id\":5,\"x\":10,\"y\":20}}]}";
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/x-www-form-urlencoded"));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /v1/ingest")
                .withQueryStringParameters(Map.of("key", ingestKey))
                .withHeaders(headers)
                .withBody(Base64.getEncoder().encodeToString(ChunkParser.gzip(chunk.getBytes(StandardCharsets.UTF_8))))
                .withIsBase64Encoded(true)
                .build();
        return event;
    }

    private static void sessions(String apiKey) {
        report("sessions", new SessionsHandler().handleRequest(sessionsEvent(apiKey), null));
    }

    private static APIGatewayV2HTTPEvent sessionsEvent(String apiKey) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /v1/sessions")
                .withHeaders(new HashMap<>(Map.of("authorization", "Bearer " + apiKey)))
                .build();
    }

    private static void report(String function, APIGatewayV2HTTPResponse response) {
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(
                "coldstart " + function + " " + sinceJvmStart + " " + classes + " " + response.getStatusCode());
    }
}
