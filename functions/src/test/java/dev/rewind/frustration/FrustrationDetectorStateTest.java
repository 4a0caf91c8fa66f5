package dev.rewind.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine carries between chunks stays within {@link EngineLimits#MAX_STATE_BYTES}. */
class FrustrationDetectorStateTest {

    /**
     * Measured over every journey and the demo session after every event: see docs/FRUSTRATION.md (1,042 B at most
     * since the page signals carry the viewport's height; the stored item, deflated, is SessionItemSizeIT's).
     */
    static final int TYPICAL_STATE_BYTES = 1100;

    @Test
    void theStateStaysWithinItsBoundWhenEveryListIsFull() {
        // given
        JsonNode events = PathologicalSession.events();
        FrustrationDetector detector = new FrustrationDetector(FrustrationRules.DEFAULTS, null, f -> {});

        // when
        int largest = 0;
        ObjectNode atLargest = null;
        for (JsonNode event : events) {
            detector.accept(event);
            ObjectNode state = detector.saveState();
            int bytes = bytes(state);
            if (bytes > largest) {
                largest = bytes;
                atLargest = state;
            }
        }

        // then: full, yet within the bound
        assertThat(interactiveNodesIn(atLargest)).isEqualTo(EngineLimits.MAX_INTERACTIVE_NODES);
        assertThat(atLargest.path("groups")).hasSize(EngineLimits.MAX_OPEN_CLICK_GROUPS);
        assertThat(largest).isLessThanOrEqualTo(EngineLimits.MAX_STATE_BYTES);
        System.out.printf("engine state, worst case: %d bytes (bound %d)%n", largest, EngineLimits.MAX_STATE_BYTES);
    }

    @Test
    void theStateOfRealRecordingsIsSmall() {
        // given
        List<JsonNode> recordings = new ArrayList<>();
        Journey.names().forEach(name -> recordings.add(Journey.load(name).events()));
        recordings.add(TestData.demoSessionEvents());

        // when
        int largest = 0;
        for (JsonNode events : recordings) {
            FrustrationDetector detector = new FrustrationDetector(FrustrationRules.DEFAULTS, null, f -> {});
            for (JsonNode event : events) {
                detector.accept(event);
                largest = Math.max(largest, bytes(detector.saveState()));
            }
        }

        // then
        assertThat(largest).isLessThanOrEqualTo(TYPICAL_STATE_BYTES);
        System.out.printf("engine state, real recordings: at most %d bytes%n", largest);
    }

    @Test
    void aSavedStateRestoresToTheSameState() {
        // given
        JsonNode events = PathologicalSession.events();
        FrustrationDetector detector = new FrustrationDetector(FrustrationRules.DEFAULTS, null, f -> {});
        events.forEach(detector::accept);
        ObjectNode saved = detector.saveState();

        // when
        FrustrationDetector restored = new FrustrationDetector(FrustrationRules.DEFAULTS, saved, f -> {});

        // then
        assertThat(restored.saveState()).isEqualTo(saved);
    }

    @Test
    void interactiveNodesSavedAsAnArrayBeforeAreStillRead() {
        // given: the earlier format, ids in learning order and outside-effect ones negated
        JsonNode array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode()
                .add(8)
                .add(-14)
                .add(5);

        // when
        InteractiveNodes nodes = new InteractiveNodes();
        nodes.restore(array);

        // then: the same nodes, written in today's format
        assertThat(nodes.of(8)).isEqualTo(InteractiveNodes.Interactivity.CONTROL);
        assertThat(nodes.of(14)).isEqualTo(InteractiveNodes.Interactivity.OUTSIDE_EFFECT);
        assertThat(nodes.of(5)).isEqualTo(InteractiveNodes.Interactivity.CONTROL);
        assertThat(nodes.save().asText()).isEqualTo("8,~6,-9");
    }

    @Test
    void finishingLeavesNothingWaiting() {
        // given
        FrustrationDetector detector = new FrustrationDetector(FrustrationRules.DEFAULTS, null, f -> {});
        PathologicalSession.events().forEach(detector::accept);
        List<Frustration> atFinish = new ArrayList<>();
        FrustrationDetector resumed =
                new FrustrationDetector(FrustrationRules.DEFAULTS, detector.saveState(), atFinish::add);

        // when
        resumed.finish();
        int reportedOnce = atFinish.size();
        resumed.finish();

        // then
        assertThat(resumed.saveState().path("groups")).isEmpty();
        assertThat(resumed.saveState().has("pendingHint")).isFalse();
        assertThat(atFinish).hasSize(reportedOnce);
    }

    private static int bytes(JsonNode state) {
        return state.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static int interactiveNodesIn(JsonNode state) {
        InteractiveNodes nodes = new InteractiveNodes();
        nodes.restore(state.path("interactive"));
        return nodes.size();
    }
}
