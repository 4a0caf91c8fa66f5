package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.EngineLimits;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.frustration.Journey;
import dev.rewind.frustration.PathologicalSession;
import dev.rewind.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's stored state stays within {@link SessionLimits#MAX_STATE_BYTES}, however long. */
class SessionStateBoundTest {

    /** The largest state of the journeys and the demo session, after any chunk: see docs/FRUSTRATION.md. */
    static final int TYPICAL_STATE_BYTES = 2 * 1024;

    @Test
    void theStateStaysWithinItsBoundWhenEveryListIsFull() {
        // given
        JsonNode events = PathologicalSession.events();
        ChunkMeta meta = new ChunkMeta(
                "https://shop.example/" + PathologicalSession.wide(500),
                null,
                PathologicalSession.wide(1000),
                "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
                null,
                null,
                "w".repeat(64));

        // when: one chunk per event, the state stored in between, measured at its largest
        String stored = SessionState.empty().toJson();
        int largest = 0;
        for (JsonNode event : events) {
            SessionAggregator aggregator =
                    new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.fromJson(stored));
            aggregator.acceptChunk(Json.array(event), meta);
            stored = aggregator.state().toJson();
            largest = Math.max(largest, stored.getBytes(StandardCharsets.UTF_8).length);
        }
        SessionState state = SessionState.fromJson(stored);

        // then: every list full, every count exact, the JSON within the bound
        assertThat(state.urls()).hasSize(SessionLimits.MAX_URLS);
        assertThat(state.urls())
                .allSatisfy(url -> assertThat(url).hasSizeLessThanOrEqualTo(SessionLimits.MAX_URL_CHARS));
        assertThat(state.userId()).hasSize(SessionLimits.MAX_USER_ID_CHARS);
        assertThat(state.frustrations())
                .hasSize(dev.rewind.frustration.FrustrationType.values().length
                        * SessionLimits.MAX_FRUSTRATIONS_PER_TYPE);
        assertThat(state.rageClickCount()).isEqualTo(80);
        assertThat(state.errorCount()).isEqualTo(80);
        assertThat(state.errorClickCount()).isEqualTo(80);
        // the trailing groups beyond the engine's bound are given up, those within it are dead
        assertThat(state.deadClickCount()).isEqualTo(80 + EngineLimits.MAX_OPEN_CLICK_GROUPS);
        assertThat(state.frustrations())
                .filteredOn(f -> f.type() == FrustrationType.ERROR)
                .hasSize(SessionLimits.MAX_FRUSTRATIONS_PER_TYPE);
        assertThat(largest).isLessThanOrEqualTo(SessionLimits.MAX_STATE_BYTES);
        System.out.printf("session state, worst case: %d bytes (bound %d)%n", largest, SessionLimits.MAX_STATE_BYTES);
    }

    @Test
    void theStateOfRealRecordingsIsSmall() {
        // given
        List<JsonNode> recordings = new ArrayList<>();
        List<ChunkMeta> metas = new ArrayList<>();
        for (String name : Journey.names()) {
            Journey journey = Journey.load(name);
            recordings.add(journey.events());
            metas.add(ChunkMeta.from(journey.meta(), null));
        }
        recordings.add(TestData.demoSessionEvents());
        metas.add(ChunkMeta.NONE);

        // when
        int largest = 0;
        for (int i = 0; i < recordings.size(); i++) {
            String stored = SessionState.empty().toJson();
            for (JsonNode event : recordings.get(i)) {
                SessionAggregator aggregator =
                        new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.fromJson(stored));
                aggregator.acceptChunk(Json.array(event), metas.get(i));
                stored = aggregator.state().toJson();
                largest = Math.max(largest, stored.getBytes(StandardCharsets.UTF_8).length);
            }
        }

        // then
        assertThat(largest).isLessThanOrEqualTo(TYPICAL_STATE_BYTES);
        System.out.printf("session state, real recordings: at most %d bytes%n", largest);
    }

    /** Wraps events in a chunk. */
    private static final class Json {
        static JsonNode array(JsonNode event) {
            return dev.rewind.common.Json.MAPPER.createArrayNode().add(event);
        }
    }
}
