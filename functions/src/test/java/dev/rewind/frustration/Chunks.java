package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionAggregator;
import dev.rewind.sessions.SessionState;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a recording to the aggregator as the ingest pipeline does: chunk by chunk, the state
 * written to JSON and read back in between (as it is stored on the session's item).
 */
public final class Chunks {
    private Chunks() {}

    /** Splits events before each of the given indexes (ascending, inside 1..size-1). */
    public static List<ArrayNode> splitAt(JsonNode events, int... boundaries) {
        List<ArrayNode> chunks = new ArrayList<>();
        int from = 0;
        for (int boundary : boundaries) {
            chunks.add(slice(events, from, boundary));
            from = boundary;
        }
        chunks.add(slice(events, from, events.size()));
        return chunks;
    }

    public static List<ArrayNode> ofSize(JsonNode events, int size) {
        List<ArrayNode> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); from += size) {
            chunks.add(slice(events, from, Math.min(events.size(), from + size)));
        }
        return chunks;
    }

    public static SessionState aggregate(FrustrationRules rules, List<ArrayNode> chunks, ChunkMeta meta) {
        String stored = SessionState.empty().toJson();
        for (ArrayNode chunk : chunks) {
            SessionAggregator aggregator = new SessionAggregator(rules, SessionState.fromJson(stored));
            aggregator.acceptChunk(chunk, meta);
            stored = aggregator.state().toJson();
        }
        SessionAggregator last = new SessionAggregator(rules, SessionState.fromJson(stored));
        last.finish();
        return SessionState.fromJson(last.state().toJson());
    }

    public static SessionState aggregateWhole(FrustrationRules rules, JsonNode events, ChunkMeta meta) {
        SessionAggregator aggregator = new SessionAggregator(rules, SessionState.empty());
        aggregator.acceptChunk(events, meta);
        aggregator.finish();
        return aggregator.state();
    }

    private static ArrayNode slice(JsonNode events, int from, int to) {
        ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
        for (int i = from; i < to; i++) {
            chunk.add(events.get(i));
        }
        return chunk;
    }
}
