package dev.rewind.frustration;

import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.finishedInChunks;
import static dev.rewind.frustration.Detection.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quick back: back to the previous page within quickBackWindowMs (5 s) of leaving it (docs/FRUSTRATION.md). */
class QuickBackTest {

    private static final String LIST = "https://shop.example/products";
    private static final String ITEM = "https://shop.example/products/42?ref=ad#reviews";

    private static JsonNode listItemList(long backAfterMs) {
        return new Events()
                .meta(0, LIST)
                .snapshot(1)
                .meta(1000, ITEM)
                .snapshot(1001)
                .meta(1000 + backAfterMs, LIST)
                .snapshot(1001 + backAfterMs)
                .build();
    }

    @Test
    void backToThePreviousPageWithinTheWindowIsAQuickBackOnThePageBouncedOff() {
        // when
        List<Frustration> found = finished(listItemList(5000));

        // then: anchored where the short view began, naming that page without query or fragment
        assertThat(found)
                .extracting(Frustration::type, Frustration::offsetMs, Frustration::target)
                .containsExactly(tuple(
                        FrustrationType.QUICK_BACK,
                        1000L,
                        new FrustrationTarget(0, null, "https://shop.example/products/42")));
    }

    @Test
    void aBackAfterTheWindowOrAfterTwentySecondsIsNone() {
        assertThat(finished(listItemList(5001))).isEmpty();
        assertThat(finished(listItemList(20_000))).isEmpty();
    }

    @Test
    void goingOnToAThirdPageOrReloadingOrAnAnchorIsNone() {
        // given
        JsonNode onwards = new Events()
                .meta(0, LIST)
                .meta(1000, ITEM)
                .meta(2000, "https://shop.example/cart")
                .build();
        JsonNode reload = new Events()
                .meta(0, LIST)
                .meta(1000, LIST)
                .snapshot(1001)
                .meta(2000, LIST)
                .build();
        JsonNode anchor = new Events()
                .meta(0, LIST)
                .navigation(1000, LIST + "#reviews")
                .navigation(2000, LIST)
                .build();

        // then
        assertThat(finished(onwards)).isEmpty();
        assertThat(finished(reload)).isEmpty();
        assertThat(finished(anchor)).isEmpty();
    }

    @Test
    void aSinglePageAppsRouteChangesCountAsPages() {
        // given: pushState to the item and the back button (popstate), 2 s later
        JsonNode events = new Events()
                .meta(0, LIST)
                .snapshot(1)
                .navigation(3000, ITEM)
                .navigation(5000, LIST)
                .build();

        // then
        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::offsetMs)
                .containsExactly(tuple(FrustrationType.QUICK_BACK, 3000L));
    }

    @Test
    void theWindowIsTheTenantsThreshold() {
        // given
        FrustrationRules patient = FrustrationRules.DEFAULTS.with(java.util.Map.of("quickBackWindowMs", 20_000L));

        // then
        assertThat(types(finished(patient, listItemList(20_000)))).containsExactly(FrustrationType.QUICK_BACK);
        assertThat(finished(patient, listItemList(20_001))).isEmpty();
    }

    @Test
    void theSameAtEveryChunkBoundary() throws Exception {
        JsonNode events = listItemList(4000);
        List<Frustration> whole = finished(events);
        assertThat(whole).hasSize(1);
        for (int cut = 1; cut < events.size(); cut++) {
            assertThat(finishedInChunks(FrustrationRules.DEFAULTS, Chunks.splitAt(events, cut)))
                    .as("cut before event %d", cut)
                    .isEqualTo(whole);
        }
    }
}
