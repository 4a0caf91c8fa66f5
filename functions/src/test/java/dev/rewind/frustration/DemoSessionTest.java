package dev.rewind.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionState;
import dev.rewind.testing.TestData;
import org.junit.jupiter.api.Test;

/** The real recording of rrweb's player demo has no frustration in it, however it is chunked. */
class DemoSessionTest {

    private final JsonNode events = TestData.demoSessionEvents();

    @Test
    void theDemoSessionStaysClean() {
        // when
        SessionState state = Chunks.aggregateWhole(FrustrationRules.DEFAULTS, events, ChunkMeta.NONE);

        // then
        assertThat(state.frustrations()).isEmpty();
        assertThat(state.flags()).isEmpty();
        assertThat(state.eventCount()).isEqualTo(272);
        assertThat(state.clickCount()).isEqualTo(3);
        assertThat(state.durationMs()).isEqualTo(81_080);
        assertThat(state.entryUrl()).isEqualTo("https://demoit.app/e/react#ReactHooks.js");
        assertThat(state.pageCount()).isEqualTo(1);
    }

    @Test
    void theDemoSessionStaysCleanSplitAtEveryBoundary() {
        for (int boundary = 1; boundary < events.size(); boundary++) {
            SessionState state =
                    Chunks.aggregate(FrustrationRules.DEFAULTS, Chunks.splitAt(events, boundary), ChunkMeta.NONE);

            assertThat(state.frustrations())
                    .as("split before event %d", boundary)
                    .isEmpty();
            assertThat(state.eventCount()).isEqualTo(272);
        }
    }

    @Test
    void theDemoSessionStaysCleanUnderEveryVendorsRules() {
        // Datadog's rage radius is 100 px; Sentry judges a click slow after 3 s
        FrustrationRules datadog = new FrustrationRules(3, 1000, 100, 2500, 100, 1000);
        FrustrationRules sentry = new FrustrationRules(3, 1000, 30, 3000, 300, 1000);

        assertThat(Detection.finished(datadog, events)).isEmpty();
        assertThat(Detection.finished(sentry, events)).isEmpty();
    }
}
