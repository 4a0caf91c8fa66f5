package dev.rewind.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.aws.EmfMetrics;
import dev.rewind.common.Json;
import dev.rewind.http.IngestApi;
import dev.rewind.http.SessionViews;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.TenantIngestSlots;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots a function's initialised JVM, run the ingest path on a
 * made-up session, in memory, so the snapshot already holds its classes loaded and initialised (and
 * partly compiled) instead of the first request after each restore paying for them. Nothing leaves the
 * process and no tenant's data is touched: the session goes through {@link InMemoryRewind}.
 *
 * <p>{@link #register()} is called once per JVM by {@code lambda/Lambdas.shared()}, which every
 * deployed handler uses. Outside a CRaC/SnapStart JVM the registration is a no-op. {@code bench/}'s cold-start
 * run calls {@link #prime()} itself to show what it saves (docs/PERFORMANCE.md).
 */
public final class Priming implements Resource {
    /** Sessions ingested while priming: enough for the interpreter to hand the hot loops to the JIT. */
    static final int SESSIONS = 20;

    /** CRaC keeps only weak references to its resources. */
    private static final Priming INSTANCE = new Priming();

    private static volatile boolean registered;

    private Priming() {}

    public static void register() {
        if (!registered) {
            registered = true;
            Core.getGlobalContext().register(INSTANCE);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing kept from priming: the in-memory wiring is garbage once prime() returns
    }

    /**
     * Ingests {@link #SESSIONS} made-up two-chunk sessions through the real handler and renders their
     * summaries. Returns the frustrations the last one was found to have (a rage click and a dead
     * click), so a test can see the whole path ran.
     */
    public static int prime() {
        Clock clock = Clock.systemUTC();
        Rewind rewind = InMemoryRewind.rewind(clock);
        IngestApi ingest = new IngestApi(
                rewind.tenants,
                rewind.ingestion,
                rewind.clock,
                TenantIngestSlots.fromEnvironment(),
                rewind.rateLimiter,
                rewind.metrics);
        // the metrics' first serialization too, without printing anything (aws/EmfMetrics)
        EmfMetrics.prime();
        int frustrations = 0;
        for (int i = 0; i < SESSIONS; i++) {
            InMemoryRewind.reset(rewind);
            long start = clock.millis() - 60_000;
            String sessionId = "priming-session-" + i;
            expect(202, ingest.handleRequest(chunk(sessionId, 0, firstEvents(start)), null));
            expect(202, ingest.handleRequest(chunk(sessionId, 1, laterEvents(start)), null));
            var record = rewind.sessions.load("t_inmemory", sessionId).orElseThrow();
            Json.write(SessionViews.summary(record));
            frustrations = record.state.frustrations().size();
        }
        // the refusal path: a request without a key answers 401 before any store is asked
        expect(
                401,
                ingest.handleRequest(
                        APIGatewayV2HTTPEvent.builder()
                                .withRouteKey("POST /v1/ingest")
                                .withHeaders(new HashMap<>(Map.of("content-type", "text/plain")))
                                .withBody("{}")
                                .build(),
                        null));
        return frustrations;
    }

    private static void expect(int status, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException(
                    "priming expected " + status + ", got " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    private static APIGatewayV2HTTPEvent chunk(String sessionId, int seq, String events) {
        String json = "{\"sessionId\":\"" + sessionId + "\",\"seq\":" + seq
                + ",\"meta\":{\"url\":\"https://priming.example/\"},\"events\":" + events + "}";
        byte[] gzip = ChunkParser.gzip(json.getBytes(StandardCharsets.UTF_8));
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /v1/ingest")
                .withQueryStringParameters(new HashMap<>(Map.of("key", InMemoryRewind.INGEST_KEY)))
                .withHeaders(
                        new HashMap<>(
                                Map.of(
                                        "content-type",
                                        "application/x-www-form-urlencoded",
                                        "user-agent",
                                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")))
                .withBody(Base64.getEncoder().encodeToString(gzip))
                .withIsBase64Encoded(true)
                .build();
    }

    /**
     * A page with one button, a snapshot, three quick clicks on the button that nothing answers (a
     * rage click), then one more click on it alone (a dead click).
     */
    private static String firstEvents(long t) {
        return "[{\"type\":4,\"timestamp\":" + t
                + ",\"data\":{\"href\":\"https://priming.example/\",\"width\":1280,\"height\":720}},"
                + "{\"type\":2,\"timestamp\":" + (t + 5) + ",\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                + "{\"type\":2,\"id\":2,\"tagName\":\"html\",\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":3,\"tagName\":\"body\",\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":4,\"tagName\":\"button\",\"attributes\":{\"id\":\"pay\"},\"childNodes\":["
                + "{\"type\":3,\"id\":5,\"textContent\":\"Pay\"}]}]}]}]},\"initialOffset\":{\"top\":0,\"left\":0}}},"
                + click(t + 1000) + "," + click(t + 1300) + "," + click(t + 1600) + "," + click(t + 3000) + "]";
    }

    /** Mouse moves long after the clicks: the dead-click window closes, the rage burst ends. */
    private static String laterEvents(long t) {
        return "[{\"type\":3,\"timestamp\":" + (t + 6000)
                + ",\"data\":{\"source\":1,\"positions\":[{\"x\":300,\"y\":200,\"id\":3,\"timeOffset\":0}]}}]";
    }

    private static String click(long at) {
        return "{\"type\":3,\"timestamp\":" + at + ",\"data\":{\"source\":2,\"type\":2,\"id\":4,\"x\":40,\"y\":20}}";
    }
}
