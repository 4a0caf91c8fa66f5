package dev.rewind.sessions;

import static dev.rewind.frustration.Events.element;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.frustration.Events;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.FrustrationTarget;
import dev.rewind.frustration.FrustrationType;
import org.junit.jupiter.api.Test;

/** The state as stored on the session's item: deflated JSON that reads back to the same state. */
class SessionStateTest {

    @Test
    void theJsonReadsBackToTheSameState() {
        // given
        JsonNode events = Events.page(element(10, "button"))
                .identify(10, "user-7")
                .hint(1000, 10, 50, 50, "button", "button#pay", "Pay", true)
                .click(1000, 10, 50, 50)
                .click(1200, 10, 50, 50)
                .click(1400, 10, 50, 50)
                .error(1500, "TypeError")
                .mouseMove(2600)
                .build();
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(
                events,
                new ChunkMeta(Events.PAGE, null, null, "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0", null, null));
        SessionState state = aggregator.state();

        // when
        SessionState read = SessionState.fromJson(state.toJson());

        // then
        assertThat(read.toJson()).isEqualTo(state.toJson());
        assertThat(read.frustrations()).isEqualTo(state.frustrations());
        assertThat(read.frustrations())
                .filteredOn(f -> f.type() == FrustrationType.RAGE_CLICK)
                .singleElement()
                .satisfies(f -> assertThat(f.target()).isEqualTo(new FrustrationTarget(10, "button#pay", "Pay")));
        assertThat(read.flags()).isEqualTo(state.flags());
        assertThat(read.browser()).isEqualTo("Firefox");
        assertThat(read.os()).isEqualTo("Windows");
        assertThat(read.userId()).isEqualTo("user-7");
    }

    @Test
    void theStoredFormIsTheJsonDeflatedAndReadsBack() {
        JsonNode events = Events.page(element(10, "button"))
                .click(1000, 10, 50, 50)
                .mouseMove(4000)
                .build();
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());
        aggregator.acceptChunk(events, new ChunkMeta(Events.PAGE, null, null, null, null, null));
        SessionState state = aggregator.state();

        byte[] stored = state.toStored();

        assertThat(SessionState.fromStored(stored).toJson()).isEqualTo(state.toJson());
        assertThat(stored.length).isLessThan(state.toJson().length());
    }

    @Test
    void aStoredStateThatIsNotOneIsRefused() {
        byte[] stored = SessionState.empty().toStored();
        byte[] truncated = java.util.Arrays.copyOf(stored, stored.length / 2);

        assertThatThrownBy(() -> SessionState.fromStored(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionState.fromStored("{\"v\":1}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEmptyStateReadsBack() {
        SessionState read = SessionState.fromJson(SessionState.empty().toJson());

        assertThat(read.toJson()).isEqualTo(SessionState.empty().toJson());
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> SessionState.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionState.fromJson("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionState.fromJson("{\"v\":99}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlCharactersFromTheBrowserAreNotKept() {
        // given
        JsonNode events = new Events()
                .meta(0, "https://shop.example/\u0000a\nb")
                .identify(1, "user\t1")
                .build();
        SessionAggregator aggregator = new SessionAggregator(FrustrationRules.DEFAULTS, SessionState.empty());

        // when
        aggregator.acceptChunk(events, ChunkMeta.NONE);

        // then
        assertThat(aggregator.state().entryUrl()).isEqualTo("https://shop.example/ a b");
        assertThat(aggregator.state().userId()).isEqualTo("user 1");
    }
}
