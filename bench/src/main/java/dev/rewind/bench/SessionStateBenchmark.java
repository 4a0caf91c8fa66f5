package dev.rewind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionAggregator;
import dev.rewind.sessions.SessionState;
import dev.rewind.testing.TestData;
import java.io.IOException;
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
 * The session state's round trip that ingest makes once per chunk (read back from the session item,
 * written again): the stored form (JSON, deflated) against the JSON alone, for the demo session's state
 * after all its events (docs/PERFORMANCE.md, "2026-12-04: the streaming floor and the heavy page's main
 * thread"). Run: {@code java -jar bench/target/benchmarks.jar SessionStateBenchmark -f 1 -wi 3 -i 3 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionStateBenchmark {
    private SessionState state;
    private byte[] stored;
    private String json;

    @Setup
    public void setup() throws IOException {
        JsonNode demo = Json.MAPPER.readTree(TestData.demoSessionBytes());
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(demo, ChunkMeta.NONE);
        state = aggregator.state();
        stored = state.toStored();
        json = state.toJson();
        System.out.println("session state: " + json.length() + " B of JSON, " + stored.length + " B stored");
    }

    @Benchmark
    public byte[] toStored() {
        return state.toStored();
    }

    @Benchmark
    public SessionState fromStored() {
        return SessionState.fromStored(stored);
    }

    @Benchmark
    public String toJson() {
        return state.toJson();
    }

    @Benchmark
    public SessionState fromJson() {
        return SessionState.fromJson(json);
    }
}
