package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.PathologicalSession;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A session's error groups (docs/INSIGHTS.md, "Error groups") stay within
 * {@link SessionLimits#MAX_ERROR_GROUPS_BYTES} of its state, however many and however long its errors.
 */
class SessionErrorGroupsBoundTest {

    @Test
    void theErrorGroupsStayWithinTheirShareOfTheState() throws Exception {
        // given twenty different errors, each with a long message and a long stack of 3-byte characters
        ArrayNode events = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 20; i++) {
            String name = String.valueOf((char) ('a' + i));
            StringBuilder stack = new StringBuilder(PathologicalSession.wide(300));
            for (int line = 0; line < 20; line++) {
                stack.append("\n    at ")
                        .append(name)
                        .append(PathologicalSession.wide(200))
                        .append(" (https://shop.example/")
                        .append(PathologicalSession.wide(200))
                        .append(".js?v=1:1:2)");
            }
            ObjectNode error = events.addObject().put("type", 5).put("timestamp", 1_000L + i);
            error.putObject("data")
                    .put("tag", "error")
                    .putObject("payload")
                    .put("message", name + PathologicalSession.wide(1000))
                    .put("stack", stack.toString());
        }

        // when they are aggregated
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(events, ChunkMeta.NONE);
        SessionState state = aggregator.state();

        // then the first ten groups are kept, and their JSON is within the bound
        assertThat(state.errorGroups()).hasSize(SessionLimits.MAX_ERROR_GROUPS);
        assertThat(state.errorCount()).isEqualTo(20);
        int withGroups = state.toJson().getBytes(StandardCharsets.UTF_8).length;
        String groups = Json.MAPPER.readTree(state.toJson()).get("errorGroups").toString();
        int share = groups.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(
                "error groups, worst case: %d bytes (bound %d)%n", share, SessionLimits.MAX_ERROR_GROUPS_BYTES);
        assertThat(share).isLessThanOrEqualTo(SessionLimits.MAX_ERROR_GROUPS_BYTES);
        assertThat(withGroups).isLessThanOrEqualTo(SessionLimits.MAX_STATE_BYTES);
        // and the state reads back with them
        assertThat(SessionState.fromJson(state.toJson()).errorGroups()).isEqualTo(state.errorGroups());
    }
}
