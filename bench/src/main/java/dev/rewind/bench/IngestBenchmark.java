package dev.rewind.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.RecordedUrls;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.priming.InMemoryRewind;
import dev.rewind.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ingest CPU per chunk (budget ≤ 1.3× the floor, goal ≤ 1.0×, docs/ARCHITECTURE.md "Budgets"): {@code handler} is everything the ingest
 * Lambda does for a chunk — base64 and gzip decoding, parsing, validation, the key and origin checks,
 * frustration detection and aggregation on top of the session state read back from its stored JSON,
 * and the mapping of the updated session item to DynamoDB attribute values — with the three network
 * calls stubbed out. {@code floor} is plain gunzip + Jackson parse of the same bytes, {@code tokens} gunzip + Jackson's
 * token stream without a tree (what a one-pass ingest could not go below). Each processes a
 * whole session's chunks per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class IngestBenchmark {

    /** demo: the real 81 s recording cut as the recorder does (every 5 s); heavy: a 3,000-node page with steady mutations. */
    @Param({"demo", "heavy"})
    public String session;

    /**
     * none: chunks as a plain rrweb recorder sends them (the full path, node learning included); complete:
     * chunks as Rewind's recorder sends them — their meta announces complete click hints (docs/FRUSTRATION.md,
     * "Click hints"), so the engine skips node learning, and their URLs are already scrubbed in the browser
     * (recorder-sdk/src/urls.ts, the rule of {@code RecordedUrls}), so the server stores them as they come
     * instead of writing and gzipping them anew (the demo's Meta event has a fragment). The recordings'
     * clicks keep what hints they have.
     */
    @Param({"none", "complete"})
    public String hints;

    private List<byte[]> gzipChunks;
    private List<APIGatewayV2HTTPEvent> events;
    private Rewind rewind;
    private IngestHandler handler;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        JsonNode recording = session.equals("demo") ? TestData.demoSessionEvents() : HeavyPage.recording(60);
        long last = recording.get(recording.size() - 1).get("timestamp").asLong();
        // the clock stands just after the recording, so its timestamps are fresh
        rewind = InMemoryRewind.rewind(Clock.fixed(Instant.ofEpochMilli(last + 1000), ZoneOffset.UTC));
        handler = new IngestHandler(rewind);
        gzipChunks = new ArrayList<>();
        events = new ArrayList<>();
        List<ArrayNode> chunks = byTime(recording, 5000);
        for (int seq = 0; seq < chunks.size(); seq++) {
            ObjectNode envelope = Json.object()
                    .put("sessionId", "benchmark-session-" + session)
                    .put("seq", seq);
            envelope.set("events", chunks.get(seq));
            ObjectNode meta = envelope.putObject("meta")
                    .put("url", "https://bench.example/")
                    .put("sdkVersion", "bench");
            if (hints.equals("complete")) {
                meta.put("hints", "complete");
            }
            byte[] gzip = ChunkParser.gzip(Json.write(envelope).getBytes(StandardCharsets.UTF_8));
            if (hints.equals("complete")) {
                gzip = RecordedUrls.scrub(ChunkParser.parse(gzip, last + 1000), List.of())
                        .gzipJson();
            }
            gzipChunks.add(gzip);
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", "application/x-www-form-urlencoded");
            headers.put("origin", "https://bench.example");
            headers.put(
                    "user-agent",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15");
            events.add(APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /v1/ingest")
                    .withRawPath("/v1/ingest")
                    .withQueryStringParameters(Map.of("key", InMemoryRewind.INGEST_KEY))
                    .withHeaders(headers)
                    .withBody(Base64.getEncoder().encodeToString(gzip))
                    .withIsBase64Encoded(true)
                    .build());
        }
        checkAccepted();
    }

    /** Cuts a recording into chunks of {@code windowMs} of event time, as the recorder's flush timer does. */
    static List<ArrayNode> byTime(JsonNode recording, long windowMs) {
        List<ArrayNode> chunks = new ArrayList<>();
        ArrayNode current = Json.MAPPER.createArrayNode();
        long windowStart = recording.get(0).get("timestamp").asLong();
        for (JsonNode event : recording) {
            if (event.get("timestamp").asLong() - windowStart >= windowMs && !current.isEmpty()) {
                chunks.add(current);
                current = Json.MAPPER.createArrayNode();
                windowStart = event.get("timestamp").asLong();
            }
            current.add(event);
        }
        chunks.add(current);
        return chunks;
    }

    @Benchmark
    public void handler(Blackhole blackhole) {
        InMemoryRewind.reset(rewind);
        for (APIGatewayV2HTTPEvent event : events) {
            blackhole.consume(handler.handleRequest(event, null));
        }
    }

    @Benchmark
    public void floor(Blackhole blackhole) throws IOException {
        for (byte[] gzip : gzipChunks) {
            blackhole.consume(Json.MAPPER.readTree(new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)));
        }
    }

    /**
     * The least any one pass over the same bytes costs: gunzip and Jackson's token stream to the end, no
     * tree and no value read. A streaming ingest (validate and detect from the tokens) cannot go below it;
     * its ratio to {@code floor} is how much room the ≤ 1.0× goal leaves for everything else the handler
     * does (docs/PERFORMANCE.md, "2026-12-04: the streaming floor and the heavy page's main thread").
     */
    @Benchmark
    public void tokens(Blackhole blackhole) throws IOException {
        for (byte[] gzip : gzipChunks) {
            try (JsonParser parser =
                    Json.MAPPER.createParser(new GZIPInputStream(new ByteArrayInputStream(gzip), 8192))) {
                int count = 0;
                while (parser.nextToken() != null) {
                    count++;
                }
                blackhole.consume(count);
            }
        }
    }

    /** Fails the run at once if the stubbed pipeline refuses the chunks, instead of timing error paths. */
    private void checkAccepted() {
        InMemoryRewind.reset(rewind);
        for (APIGatewayV2HTTPEvent event : events) {
            int status = handler.handleRequest(event, null).getStatusCode();
            if (status != 202) {
                throw new IllegalStateException("the benchmark chunks are refused with " + status + ": "
                        + handler.handleRequest(event, null).getBody());
            }
        }
    }
}
