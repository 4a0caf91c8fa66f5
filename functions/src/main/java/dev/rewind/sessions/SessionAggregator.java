package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.FrustrationRules;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public final class SessionAggregator {
    private final SessionState state;

    public SessionAggregator(FrustrationRules rules, SessionState state) { this.state = state; }

    public void acceptChunk(JsonNode events, ChunkMeta meta) {
        state.chunkCount++;
        if (meta.url() != null && !state.urls.contains(meta.url())) {
            state.urls.add(meta.url());
            if (state.entryUrl == null) state.entryUrl = meta.url();
        }
        if (meta.userId() != null) state.userId = meta.userId();
        for (JsonNode e : events) {
            long ts = e.path("timestamp").asLong();
            if (state.startedAt == 0 || ts < state.startedAt) state.startedAt = ts;
            if (ts > state.endedAt) state.endedAt = ts;
            state.eventCount++;
            if (e.path("type").asInt() == 3 && e.path("data").path("source").asInt() == 2 && e.path("data").path("type").asInt() == 2) state.clickCount++;
        }
    }

    public void finish() {}

    public SessionState state() { return state; }
}
