package dev.rewind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.Chunks;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.Journey;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionAggregator;
import dev.rewind.sessions.SessionState;
import dev.rewind.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the frustration engine and session aggregation, beside the cost of parsing the same
 * JSON, which every ingest pays anyway (the budget is in docs/ARCHITECTURE.md, "Budgets").
 *
 * <p>Run: {@code mvn -pl bench -am package} then {@code java -jar bench/target/benchmarks.jar}
 * from the repository root (the demo session comes from testdata/ on the test classpath). Figures:
 * docs/PERFORMANCE.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SessionAggregatorBenchmark {

    /** Events per chunk in the chunked runs: a recorder flushes every few seconds. */
    private static final int CHUNK_EVENTS = 20;

    private final FrustrationRules rules = FrustrationRules.DEFAULTS;
    private final List<Journey> journeys = new ArrayList<>();
    private JsonNode demoSession;
    private byte[] demoSessionBytes;
    private List<ArrayNode> demoSessionChunks;

    @Setup
    public void load() throws IOException {
        Journey.names().forEach(name -> journeys.add(Journey.load(name)));
        demoSessionBytes = TestData.demoSessionBytes();
        demoSession = Json.MAPPER.readTree(demoSessionBytes);
        demoSessionChunks = Chunks.ofSize(demoSession, CHUNK_EVENTS);
    }

    /** All labelled journeys (24 recordings, about 500 events), each as one chunk, then finished. */
    @Benchmark
    public int journeysWhole() {
        int frustrations = 0;
        for (Journey journey : journeys) {
            SessionAggregator aggregator = new SessionAggregator(rules, SessionState.empty());
            aggregator.acceptChunk(journey.events(), ChunkMeta.from(journey.meta(), null));
            aggregator.finish();
            frustrations += aggregator.state().frustrations().size();
        }
        return frustrations;
    }

    /** The demo session (272 events, 158 KB) as one chunk, then finished. */
    @Benchmark
    public SessionState demoSessionWhole() {
        SessionAggregator aggregator = new SessionAggregator(rules, SessionState.empty());
        aggregator.acceptChunk(demoSession, ChunkMeta.NONE);
        aggregator.finish();
        return aggregator.state();
    }

    /**
     * The demo session as the pipeline sees it: chunks of 20 events, the state read from and
     * written to JSON around each (it lives on the session's DynamoDB item).
     */
    @Benchmark
    public String demoSessionChunked() {
        String stored = SessionState.empty().toJson();
        for (ArrayNode chunk : demoSessionChunks) {
            SessionAggregator aggregator = new SessionAggregator(rules, SessionState.fromJson(stored));
            aggregator.acceptChunk(chunk, ChunkMeta.NONE);
            stored = aggregator.state().toJson();
        }
        return stored;
    }

    /** The floor: parsing the demo session's JSON into a tree, which ingest does before aggregating. */
    @Benchmark
    public JsonNode demoSessionParseOnly() throws IOException {
        return Json.MAPPER.readTree(demoSessionBytes);
    }
}
