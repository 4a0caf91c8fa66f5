package dev.rewind.frustration;

import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.finishedInChunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Excessive scroll: in one page view, 4 reversals of the scroll direction within 10 s, each after travelling a
 * quarter of the viewport (768 px high: 192 px) (docs/FRUSTRATION.md).
 */
class ExcessiveScrollTest {

    /** Scrolls the document through the given positions, 500 ms apart, from {@code from} ms. */
    private static Events scrolling(Events events, long from, int... positions) {
        for (int i = 0; i < positions.length; i++) {
            events.scrollTo(from + 500L * i, 1, positions[i]);
        }
        return events;
    }

    private static Events page() {
        return Events.page(); // Meta 1024×768 and a snapshot
    }

    @Test
    void fourReversalsOfAQuarterViewportWithinTenSecondsAreExcessive() {
        // given: down, up, down, up, down: 4 reversals, the first confirmed at 1500 ms
        JsonNode events = scrolling(page(), 1000, 0, 600, 300, 900, 400, 1000).build();

        // then: one, anchored at the first reversal, naming the scrolled node
        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::offsetMs, Frustration::target)
                .containsExactly(tuple(FrustrationType.EXCESSIVE_SCROLL, 2000L, FrustrationTarget.node(1)));
    }

    @Test
    void readingDownWithOneReturnToTheTopIsNot() {
        // given: a long read down in small steps, then back to the top
        Events events = page();
        for (int i = 0; i <= 40; i++) {
            events.scrollTo(1000 + 200L * i, 1, i * 100);
        }
        events.scrollTo(10_000, 1, 0);

        // then
        assertThat(finished(events.build())).isEmpty();
    }

    @Test
    void threeReversalsOrSmallJiggles() {
        // given
        JsonNode three = scrolling(page(), 1000, 0, 600, 300, 900, 400).build();
        // a wheel's jiggle: 150 px back and forth (< 192 px) eight times
        JsonNode jiggles = scrolling(page(), 1000, 0, 500, 350, 500, 350, 500, 350, 500, 350, 500)
                .build();

        // then
        assertThat(finished(three)).isEmpty();
        assertThat(finished(jiggles)).isEmpty();
    }

    @Test
    void reversalsSpreadBeyondTheWindowOrOverTwoPagesAreNot() {
        // given: the same 4 reversals, 4 s apart (12 s from the first to the last)
        Events slow = page();
        int[] positions = {0, 600, 300, 900, 400, 1000};
        for (int i = 0; i < positions.length; i++) {
            slow.scrollTo(1000 + 4000L * i, 1, positions[i]);
        }
        // two reversals, a new page, two more
        Events twoPages = scrolling(page(), 1000, 0, 600, 300, 900);
        twoPages.meta(3000, "https://shop.example/next");
        scrolling(twoPages, 4000, 0, 600, 300, 900);

        // then
        assertThat(finished(slow.build())).isEmpty();
        assertThat(finished(twoPages.build())).isEmpty();
    }

    @Test
    void theLegFollowsTheViewportAndTheThresholdsAreTheTenants() {
        // given: a small viewport (400 px: legs of 100 px) makes 150 px moves count
        Events small = page().viewportResize(500, 320, 400);
        JsonNode smallMoves = scrolling(small, 1000, 0, 150, 0, 150, 0, 150).build();
        FrustrationRules lenient = FrustrationRules.DEFAULTS.with(Map.of("excessiveScrollReversals", 8L));
        JsonNode four = scrolling(page(), 1000, 0, 600, 300, 900, 400, 1000).build();

        // then
        assertThat(finished(smallMoves)).hasSize(1);
        assertThat(finished(lenient, four)).isEmpty();
    }

    @Test
    void oncePerPageViewAndTheSameAtEveryChunkBoundary() throws Exception {
        // given: 8 reversals on one page
        JsonNode events = scrolling(page(), 1000, 0, 600, 300, 900, 400, 1000, 300, 900, 200, 800)
                .build();
        List<Frustration> whole = finished(events);

        // then
        assertThat(whole).hasSize(1);
        for (int cut = 1; cut < events.size(); cut++) {
            assertThat(finishedInChunks(FrustrationRules.DEFAULTS, Chunks.splitAt(events, cut)))
                    .as("cut before event %d", cut)
                    .isEqualTo(whole);
        }
    }
}
