package dev.rewind.frustration;

import static dev.rewind.frustration.CheckoutPage.PANEL;
import static dev.rewind.frustration.CheckoutPage.PARAGRAPH;
import static dev.rewind.frustration.CheckoutPage.PARAGRAPH_TEXT;
import static dev.rewind.frustration.CheckoutPage.PLACE_ORDER;
import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.types;
import static dev.rewind.frustration.Detection.whileRunning;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rage clicks: at least 3 clicks, each less than 1 s after the previous, within 30 px of the first. */
class RageClickTest {

    @Test
    void threeFastClicksOnOneSpotAreARageClick() {
        // given
        JsonNode events = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .mutation(1010)
                .click(1300, PANEL, 104, 97)
                .mutation(1310)
                .click(1600, PANEL, 98, 103)
                .mutation(1610)
                .build();

        // when
        List<Frustration> found = finished(events);

        // then
        assertThat(found).singleElement().satisfies(rage -> {
            assertThat(rage.type()).isEqualTo(FrustrationType.RAGE_CLICK);
            assertThat(rage.clickCount()).isEqualTo(3);
            assertThat(rage.timestamp()).isEqualTo(Events.T0 + 1000);
            assertThat(rage.offsetMs()).isEqualTo(1000);
            assertThat(rage.x()).isEqualTo(100);
            assertThat(rage.y()).isEqualTo(100);
            assertThat(rage.target()).isEqualTo(FrustrationTarget.node(PANEL));
        });
    }

    @Test
    void twoFastClicksAreNotARageClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 100, 100)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aBurstCountsOnceHoweverLongItLasts() {
        // given: 12 clicks, 900 ms apart: 10 s of clicking
        Events recording = CheckoutPage.load();
        for (int i = 0; i < 12; i++) {
            recording.click(1000 + i * 900L, PANEL, 100 + i % 3, 100).mutation(1001 + i * 900L);
        }

        // when
        List<Frustration> found = finished(recording.build());

        // then
        assertThat(found).singleElement().satisfies(rage -> {
            assertThat(rage.type()).isEqualTo(FrustrationType.RAGE_CLICK);
            assertThat(rage.clickCount()).isEqualTo(12);
        });
    }

    @Test
    void aClickOneIntervalAfterThePreviousStartsANewBurst() {
        // given: 999 ms keeps the chain, 1000 ms breaks it
        JsonNode chained = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1999, PANEL, 100, 100)
                .click(2998, PANEL, 100, 100)
                .build();
        JsonNode broken = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1999, PANEL, 100, 100)
                .click(2999, PANEL, 100, 100)
                .build();

        // then
        assertThat(types(finished(chained))).containsExactly(FrustrationType.RAGE_CLICK);
        assertThat(finished(broken)).isEmpty();
    }

    @Test
    void theRadiusIsMeasuredFromTheFirstClick() {
        // given: each click 20 px from the previous one, the third 40 px from the first
        JsonNode drifting = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 120, 100)
                .click(1400, PANEL, 140, 100)
                .build();
        // 30 px away exactly is still within
        JsonNode onTheEdge = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 118, 124)
                .click(1400, PANEL, 70, 100)
                .build();

        // 31 px away is not
        JsonNode justOutside = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 100, 100)
                .click(1400, PANEL, 131, 100)
                .build();

        assertThat(finished(drifting)).isEmpty();
        assertThat(types(finished(onTheEdge))).containsExactly(FrustrationType.RAGE_CLICK);
        assertThat(finished(justOutside)).isEmpty();
    }

    @Test
    void clicksThatSelectTextAreNotARageClick() {
        // given: a triple-click selecting a paragraph, as Chromium records it
        JsonNode events = CheckoutPage.load()
                .click(1000, PARAGRAPH, 50, 200)
                .mouseDown(1040, PARAGRAPH, 50, 200)
                .selection(1045, PARAGRAPH_TEXT, 3, 9)
                .bareClick(1080, PARAGRAPH, 50, 200)
                .dblClick(1080, PARAGRAPH, 50, 200)
                .mouseDown(1120, PARAGRAPH, 50, 200)
                .selection(1125, PARAGRAPH_TEXT, 0, 32)
                .bareClick(1160, PARAGRAPH, 50, 200)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aCaretIsNotATextSelection() {
        // given: clicking collapses an earlier selection into a caret
        JsonNode events = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .selection(1001, PARAGRAPH_TEXT, 4, 4)
                .click(1200, PANEL, 100, 100)
                .click(1400, PANEL, 100, 100)
                .build();

        assertThat(types(finished(events))).containsExactly(FrustrationType.RAGE_CLICK);
    }

    @Test
    void aDoubleClickIsNotARageClickEvenWhenTheTenantCountsTwoClicks() {
        // given
        FrustrationRules twoClicks = new FrustrationRules(2, 1000, 30, 2500, 100, 1000);
        JsonNode doubleClick = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1150, PANEL, 100, 100)
                .dblClick(1150, PANEL, 100, 100)
                .build();
        JsonNode twoSeparateClicks = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1700, PANEL, 100, 100)
                .build();

        // then
        assertThat(finished(twoClicks, doubleClick)).isEmpty();
        assertThat(types(finished(twoClicks, twoSeparateClicks))).containsExactly(FrustrationType.RAGE_CLICK);
    }

    @Test
    void theTenantsThresholdsApply() {
        // given: 5 clicks, 400 ms, 10 px
        FrustrationRules strict = new FrustrationRules(5, 400, 10, 2500, 100, 1000);
        Events fourClicks = CheckoutPage.load();
        Events fiveClicks = CheckoutPage.load();
        for (int i = 0; i < 5; i++) {
            if (i < 4) {
                fourClicks.click(1000 + i * 350L, PANEL, 100 + i * 2, 100);
            }
            fiveClicks.click(1000 + i * 350L, PANEL, 100 + i * 2, 100);
        }

        // then
        assertThat(finished(strict, fourClicks.build())).isEmpty();
        assertThat(finished(strict, fiveClicks.build()))
                .singleElement()
                .satisfies(rage -> assertThat(rage.clickCount()).isEqualTo(5));
        assertThat(finished(FrustrationRules.DEFAULTS, fourClicks.build()))
                .singleElement()
                .satisfies(rage -> assertThat(rage.clickCount()).isEqualTo(4));
    }

    @Test
    void aBurstIsReportedWhenItEndsNotWhileItCouldStillGrow() {
        // given: a burst, then nothing for 900 ms
        JsonNode growing = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 100, 100)
                .click(1400, PANEL, 100, 100)
                .mouseMove(2300)
                .build();
        JsonNode ended = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 100, 100)
                .click(1400, PANEL, 100, 100)
                .mouseMove(2400)
                .build();

        // then
        assertThat(whileRunning(FrustrationRules.DEFAULTS, growing)).isEmpty();
        assertThat(types(whileRunning(FrustrationRules.DEFAULTS, ended))).containsExactly(FrustrationType.RAGE_CLICK);
    }

    @Test
    void aBurstAtTheVeryEndOfTheSessionCountsWhenTheSessionFinishes() {
        // given: the last thing the user did
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 100, 100)
                .click(1200, PLACE_ORDER, 100, 100)
                .click(1400, PLACE_ORDER, 100, 100)
                .pagehide(1500)
                .build();

        // then
        assertThat(types(finished(events))).containsExactly(FrustrationType.RAGE_CLICK);
    }

    @Test
    void aNewPageEndsTheBurst() {
        // given: the same spot on the next page is another button
        JsonNode events = CheckoutPage.load()
                .click(1000, PANEL, 100, 100)
                .click(1200, PANEL, 100, 100)
                .meta(1300, "https://shop.example/next")
                .click(1400, PANEL, 100, 100)
                .build();

        assertThat(finished(events)).isEmpty();
    }
}
