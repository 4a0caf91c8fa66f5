package dev.rewind.frustration;

import static dev.rewind.frustration.CheckoutPage.NEXT_LINK;
import static dev.rewind.frustration.CheckoutPage.PANEL;
import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors: every captured JavaScript error; error clicks: an error within 1 s after a click. */
class ErrorClickTest {

    @Test
    void everyErrorIsReportedNamesNoElementAndCarriesItsMessage() {
        // given
        JsonNode events = CheckoutPage.load()
                .error(700, "boot failed")
                .error(9000, "poll failed")
                .build();

        // when
        List<Frustration> found = finished(events);

        // then
        assertThat(found)
                .extracting(Frustration::type, Frustration::offsetMs, Frustration::target)
                .containsExactly(
                        tuple(FrustrationType.ERROR, 700L, new FrustrationTarget(0, null, "boot failed")),
                        tuple(FrustrationType.ERROR, 9000L, new FrustrationTarget(0, null, "poll failed")));
    }

    @Test
    void anErrorWithinASecondAfterAClickMakesAnErrorClick() {
        // given
        JsonNode atTheLimit = CheckoutPage.load()
                .click(1000, PANEL, 300, 400)
                .mutation(1001)
                .error(2000, "x")
                .build();
        JsonNode tooLate = CheckoutPage.load()
                .click(1000, PANEL, 300, 400)
                .mutation(1001)
                .error(2001, "x")
                .build();

        // then
        assertThat(finished(atTheLimit))
                .extracting(Frustration::type, Frustration::timestamp)
                .containsExactly(
                        tuple(FrustrationType.ERROR, Events.T0 + 2000),
                        tuple(FrustrationType.ERROR_CLICK, Events.T0 + 1000));
        assertThat(types(finished(tooLate))).containsExactly(FrustrationType.ERROR);
    }

    @Test
    void anErrorClickNamesTheClickTheErrorFollowed() {
        // given: a hinted click on the link, then an error
        JsonNode events = CheckoutPage.load()
                .hint(1000, NEXT_LINK, 120, 80, "a", "a#next", "Next", true)
                .click(1000, NEXT_LINK, 120, 80)
                .mutation(1002)
                .error(1003, "TypeError")
                .build();

        // then
        assertThat(finished(events))
                .filteredOn(f -> f.type() == FrustrationType.ERROR_CLICK)
                .singleElement()
                .satisfies(errorClick -> {
                    assertThat(errorClick.x()).isEqualTo(120);
                    assertThat(errorClick.y()).isEqualTo(80);
                    assertThat(errorClick.target()).isEqualTo(new FrustrationTarget(NEXT_LINK, "a#next", "Next"));
                });
    }

    @Test
    void aBurstOfClicksThatEachThrowIsOneErrorClick() {
        // given
        Events recording = CheckoutPage.load();
        for (int i = 0; i < 4; i++) {
            recording
                    .click(1000 + i * 200L, PANEL, 300, 400)
                    .mutation(1001 + i * 200L)
                    .error(1002 + i * 200L, "x");
        }

        // when
        List<FrustrationType> found = types(finished(recording.build()));

        // then
        assertThat(found)
                .filteredOn(type -> type == FrustrationType.ERROR_CLICK)
                .hasSize(1);
        assertThat(found).filteredOn(type -> type == FrustrationType.ERROR).hasSize(4);
        assertThat(found).filteredOn(type -> type == FrustrationType.RAGE_CLICK).hasSize(1);
    }

    @Test
    void anErrorBeforeAnyClickIsNoErrorClick() {
        JsonNode events = CheckoutPage.load()
                .error(990, "x")
                .click(1000, PANEL, 300, 400)
                .mutation(1001)
                .build();

        assertThat(types(finished(events))).containsExactly(FrustrationType.ERROR);
    }
}
