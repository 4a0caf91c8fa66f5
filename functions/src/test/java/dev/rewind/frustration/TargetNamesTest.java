package dev.rewind.frustration;

import static dev.rewind.frustration.CheckoutPage.ICON_BUTTON;
import static dev.rewind.frustration.CheckoutPage.ICON_IN_BUTTON;
import static dev.rewind.frustration.CheckoutPage.PANEL;
import static dev.rewind.frustration.CheckoutPage.PLACE_ORDER;
import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.text;
import static dev.rewind.frustration.Events.withChildren;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without click hints (plain rrweb, imports), the snapshot names a frustration's target. */
class TargetNamesTest {

    @Test
    void aPlainClickIsNamedByItsElementsTextAndSelector() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .click(1200, PLACE_ORDER, 302, 401)
                .click(1400, PLACE_ORDER, 299, 398)
                .mouseMove(5000)
                .build();

        assertThat(finished(events))
                .extracting(Frustration::target)
                .containsExactly(new FrustrationTarget(PLACE_ORDER, "button#place-order", "Place order"));
    }

    @Test
    void aClickInsideAControlNamesTheControlByItsAccessibleName() {
        JsonNode events = CheckoutPage.load()
                .click(1000, ICON_IN_BUTTON, 300, 400)
                .mouseMove(5000)
                .build();

        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        FrustrationType.DEAD_CLICK, new FrustrationTarget(ICON_BUTTON, "button", "Close")));
    }

    @Test
    void controlsAddedLaterAreNamedAndTheNamesSurviveEveryChunkBoundary() throws Exception {
        // given: a button with a label inside it, added after the snapshot
        JsonNode events = CheckoutPage.load()
                .adding(
                        500,
                        PANEL,
                        withChildren(
                                element(900, "button", "class", "btn primary wide"),
                                withChildren(element(901, "span"), text(902, "  Apply   coupon "))))
                .click(1000, 901, 10, 10)
                .click(1200, 901, 10, 10)
                .click(1400, 901, 10, 10)
                .mouseMove(5000)
                .build();
        FrustrationTarget expected = new FrustrationTarget(900, "button.btn.primary", "Apply coupon");

        // then
        assertThat(finished(events)).extracting(Frustration::target).containsExactly(expected);
        for (int boundary = 1; boundary < events.size(); boundary++) {
            List<Frustration> split =
                    Detection.finishedInChunks(FrustrationRules.DEFAULTS, Chunks.splitAt(events, boundary));
            assertThat(split)
                    .as("split before event %d", boundary)
                    .extracting(Frustration::target)
                    .containsExactly(expected);
        }
    }
}
