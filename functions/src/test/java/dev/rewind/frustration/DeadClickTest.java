package dev.rewind.frustration;

import static dev.rewind.frustration.CheckoutPage.CHECKBOX;
import static dev.rewind.frustration.CheckoutPage.CONTAINER;
import static dev.rewind.frustration.CheckoutPage.COUNTRY_SELECT;
import static dev.rewind.frustration.CheckoutPage.FILE_INPUT;
import static dev.rewind.frustration.CheckoutPage.ICON_BUTTON;
import static dev.rewind.frustration.CheckoutPage.ICON_IN_BUTTON;
import static dev.rewind.frustration.CheckoutPage.LABEL;
import static dev.rewind.frustration.CheckoutPage.NEW_TAB_LINK;
import static dev.rewind.frustration.CheckoutPage.NEXT_LINK;
import static dev.rewind.frustration.CheckoutPage.PANEL;
import static dev.rewind.frustration.CheckoutPage.PLACE_ORDER;
import static dev.rewind.frustration.CheckoutPage.ROLE_BUTTON;
import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.types;
import static dev.rewind.frustration.Detection.whileRunning;
import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.withChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dead clicks: a click on a control followed by no DOM mutation within 2.5 s, no scroll within
 * 100 ms and no navigation.
 */
class DeadClickTest {

    private static final FrustrationRules RULES = FrustrationRules.DEFAULTS;

    @Test
    void aClickOnAButtonThatChangesNothingIsDead() {
        // given
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(3600)
                .build();

        // when
        List<Frustration> found = whileRunning(RULES, events);

        // then
        assertThat(found).singleElement().satisfies(dead -> {
            assertThat(dead.type()).isEqualTo(FrustrationType.DEAD_CLICK);
            assertThat(dead.timestamp()).isEqualTo(Events.T0 + 1000);
            assertThat(dead.x()).isEqualTo(300);
            assertThat(dead.y()).isEqualTo(400);
            // named from the snapshot: plain rrweb sends no click hint
            assertThat(dead.target())
                    .isEqualTo(new FrustrationTarget(PLACE_ORDER, "button#place-order", "Place order"));
            assertThat(dead.clickCount()).isNull();
        });
    }

    @Test
    void aMutationUntilTheEndOfTheWindowAnswersTheClick() {
        JsonNode inTime = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mutation(3500)
                .build();
        JsonNode tooLate = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mutation(3501)
                .build();

        assertThat(finished(inTime)).isEmpty();
        assertThat(types(finished(tooLate))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void theVerdictWaitsUntilTheWindowHasPassed() {
        JsonNode waiting = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(3500)
                .build();

        assertThat(whileRunning(RULES, waiting)).isEmpty();
    }

    @Test
    void aScrollWithin100msAnswersTheClickALaterOneDoesNot() {
        JsonNode early = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .scroll(1100)
                .mouseMove(4000)
                .build();
        JsonNode late = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .scroll(1101)
                .mouseMove(4000)
                .build();

        assertThat(finished(early)).isEmpty();
        assertThat(types(finished(late))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void aPageLoadAnswersTheClickButARepeatedSnapshotOfTheSamePageDoesNot() {
        JsonNode nextPage = CheckoutPage.load()
                .click(1000, NEXT_LINK, 300, 400)
                .meta(1800, "https://shop.example/next")
                .mouseMove(4000)
                .build();
        JsonNode samePage = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .meta(1800, Events.PAGE)
                .mouseMove(4000)
                .build();

        assertThat(finished(nextPage)).isEmpty();
        assertThat(types(finished(samePage))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void aNavigationEventAnswersTheClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .navigation(1020, "https://shop.example/checkout/pay")
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void leavingThePageAnswersTheClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .pagehide(1900)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aChangedFormControlAnswersTheClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, CHECKBOX, 300, 400)
                .input(1001, CHECKBOX)
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aMutationBetweenMousedownAndClickAnswersTheClick() {
        // given: the page acts on mousedown, before the click event
        JsonNode events = CheckoutPage.load()
                .mouseDown(960, PLACE_ORDER, 300, 400)
                .mutation(961)
                .bareClick(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aClickOnSomethingThatIsNotInteractiveIsNeverDead() {
        JsonNode events =
                CheckoutPage.load().click(1000, PANEL, 300, 400).mouseMove(4000).build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void linksButtonsAndRoleButtonsAreControls() {
        for (int control : new int[] {NEXT_LINK, ROLE_BUTTON, ICON_BUTTON}) {
            JsonNode events = CheckoutPage.load()
                    .click(1000, control, 300, 400)
                    .mouseMove(4000)
                    .build();

            assertThat(types(finished(events))).as("node %d", control).containsExactly(FrustrationType.DEAD_CLICK);
        }
    }

    @Test
    void anElementInsideAButtonCountsAsTheButton() {
        JsonNode events = CheckoutPage.load()
                .click(1000, ICON_IN_BUTTON, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(events))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target().nodeId()).isEqualTo(ICON_BUTTON));
    }

    @Test
    void controlsWhoseEffectMayNotReachThePageAreNeverDead() {
        // a new tab, a native picker, the focus a label gives its field
        for (int control : new int[] {NEW_TAB_LINK, COUNTRY_SELECT, LABEL, FILE_INPUT}) {
            JsonNode events = CheckoutPage.load()
                    .click(1000, control, 300, 400)
                    .mouseMove(4000)
                    .build();

            assertThat(finished(events)).as("node %d", control).isEmpty();
        }
    }

    @Test
    void aButtonAddedLaterIsAControlAndSoIsWhatItContains() {
        // given: a dialog with a button added by a mutation, the button's label added with it
        JsonNode events = CheckoutPage.load()
                .adding(
                        500,
                        CONTAINER,
                        withChildren(
                                element(200, "div", "role", "dialog"),
                                withChildren(element(201, "button"), element(202, "span"))))
                .click(1000, 202, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(types(finished(events))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void nodesAddedOneByOneInOneMutationInheritFromAParentAddedWithThem() {
        // given: a dialog, its button, the button's icon and label text, each a separate add
        JsonNode events = CheckoutPage.load()
                .addingEach(
                        500,
                        new int[] {CONTAINER, 200, 201, 202, 201},
                        element(200, "div", "role", "dialog"),
                        element(201, "button"),
                        element(202, "span"),
                        Events.text(203, "Confirm"),
                        element(204, "i"))
                .click(1000, 204, 300, 400)
                .mouseMove(4000)
                .build();

        // then: the icon is part of the button, and nothing answered the click
        assertThat(types(finished(events))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void textAddedUnderAButtonDoesNotMakeAnythingElseInteractive() {
        // given: only text nodes added, under the page container and under a plain div
        JsonNode events = CheckoutPage.load()
                .addingEach(500, new int[] {CONTAINER, CONTAINER}, Events.text(300, "Saved"), Events.text(301, "Ok"))
                .click(1000, CONTAINER, 300, 400)
                .mouseMove(4000)
                .build();

        // then: a click on the container is not on a control
        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aButtonRemovedFromThePageIsForgotten() {
        JsonNode events = CheckoutPage.load()
                .removing(500, 3, PLACE_ORDER)
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aNewFullSnapshotForgetsTheOldNodeIds() {
        // given: the next page numbers its nodes afresh and has no button 10
        JsonNode events = CheckoutPage.load()
                .click(500, NEXT_LINK, 10, 10)
                .meta(800, "https://shop.example/next")
                .snapshot(801, element(PANEL, "div"))
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void aBurstWithoutAnswerIsOneRageClickNotAlsoADeadClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .click(1200, PLACE_ORDER, 302, 401)
                .click(1400, PLACE_ORDER, 299, 398)
                .click(1600, PLACE_ORDER, 301, 400)
                .mouseMove(5000)
                .build();

        // one burst, one frustration on its target: the rage click stands for the missing answer
        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::timestamp)
                .containsExactly(tuple(FrustrationType.RAGE_CLICK, Events.T0 + 1000));
    }

    @Test
    void twoClicksWithoutAnswerAreStillADeadClick() {
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .click(1200, PLACE_ORDER, 302, 401)
                .mouseMove(5000)
                .build();

        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::timestamp)
                .containsExactly(tuple(FrustrationType.DEAD_CLICK, Events.T0 + 1000));
    }

    @Test
    void aMutationAnswersEveryClickStillWaiting() {
        // given: a mutation 2 s after the first click and 10 ms after the second
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .click(3000, NEXT_LINK, 600, 100)
                .mutation(3010)
                .mouseMove(7000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void clicksOnDifferentControlsAreJudgedEachOnItsOwn() {
        // given: the first gets no answer within its window, the second is answered at once
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .click(3600, NEXT_LINK, 600, 100)
                .mutation(3610)
                .mouseMove(7000)
                .build();

        assertThat(finished(events))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target().nodeId()).isEqualTo(PLACE_ORDER));
    }

    @Test
    void aClickStillWaitingWhenTheSessionEndsIsDead() {
        // given: the recording stops 500 ms after the click, with no answer and no pagehide
        JsonNode events = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(1500)
                .build();

        assertThat(whileRunning(RULES, events)).isEmpty();
        assertThat(types(finished(events))).containsExactly(FrustrationType.DEAD_CLICK);
    }

    @Test
    void aHintNamesTheTargetAndDecidesWhetherItIsInteractive() {
        // given: a div the recorder knows is clickable, a button it says is not
        JsonNode clickableDiv = CheckoutPage.load()
                .hint(1000, PANEL, 300, 400, "div", "div.panel", "Order summary", true)
                .click(1000, PANEL, 300, 400)
                .mouseMove(4000)
                .build();
        JsonNode inertButton = CheckoutPage.load()
                .hint(1000, PLACE_ORDER, 300, 400, "button", "button#place-order", "Place order", false)
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(clickableDiv))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target())
                        .isEqualTo(new FrustrationTarget(PANEL, "div.panel", "Order summary")));
        assertThat(finished(inertButton)).isEmpty();
    }

    @Test
    void aHintIsMatchedWhetherItComesBeforeOrAfterItsClick() {
        JsonNode before = CheckoutPage.load()
                .hint(999, PLACE_ORDER, 300, 400, "button", "button#place-order", "Place order", true)
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();
        JsonNode after = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .hint(1001, PLACE_ORDER, 300, 400, "button", "button#place-order", "Place order", true)
                .mouseMove(4000)
                .build();
        JsonNode stale = CheckoutPage.load()
                .hint(900, PLACE_ORDER, 300, 400, "button", "button#place-order", "Place order", true)
                .click(1000, PLACE_ORDER, 300, 400)
                .mouseMove(4000)
                .build();

        FrustrationTarget hinted = new FrustrationTarget(PLACE_ORDER, "button#place-order", "Place order");
        assertThat(finished(before))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target()).isEqualTo(hinted));
        assertThat(finished(after))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target()).isEqualTo(hinted));
        assertThat(finished(stale))
                .singleElement()
                .satisfies(dead -> assertThat(dead.target())
                        .isEqualTo(new FrustrationTarget(PLACE_ORDER, "button#place-order", "Place order")));
    }

    @Test
    void aHintedNewTabLinkIsStillNeverDead() {
        JsonNode events = CheckoutPage.load()
                .hint(1000, NEW_TAB_LINK, 300, 400, "a", "a", "Terms", true)
                .click(1000, NEW_TAB_LINK, 300, 400)
                .mouseMove(4000)
                .build();

        assertThat(finished(events)).isEmpty();
    }

    @Test
    void theTenantsWindowsApply() {
        FrustrationRules patient = new FrustrationRules(3, 1000, 30, 5000, 300, 1000);
        JsonNode lateMutation = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .mutation(5000)
                .build();
        JsonNode slowScroll = CheckoutPage.load()
                .click(1000, PLACE_ORDER, 300, 400)
                .scroll(1250)
                .mouseMove(9000)
                .build();

        assertThat(finished(patient, lateMutation)).isEmpty();
        assertThat(finished(patient, slowScroll)).isEmpty();
        assertThat(types(finished(RULES, slowScroll))).containsExactly(FrustrationType.DEAD_CLICK);
    }
}
