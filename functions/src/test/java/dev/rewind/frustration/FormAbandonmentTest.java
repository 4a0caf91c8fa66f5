package dev.rewind.frustration;

import static dev.rewind.frustration.Detection.finished;
import static dev.rewind.frustration.Detection.finishedInChunks;
import static dev.rewind.frustration.Detection.types;
import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.text;
import static dev.rewind.frustration.Events.withChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Form abandonment: a form's field changed, then the page left or the session over without the form submitted
 * (docs/FRUSTRATION.md). Named by the last field changed, never by what was typed.
 */
class FormAbandonmentTest {

    private static final int FORM = 10;
    private static final int EMAIL = 11;
    private static final int PASSWORD = 12;
    private static final int SUBMIT = 13;
    private static final int SUBMIT_LABEL = 15;
    private static final int OUTSIDE_LINK = 20;
    private static final int SEARCH_FIELD = 31;
    private static final int LOOSE_FIELD = 40;
    private static final String SECRET = "hunter2-secret";
    private static final String NEXT = "https://shop.example/welcome";

    /** A sign-up form, a link outside it, a search form and a field in no form. */
    private static Events signUpPage() {
        return Events.page(
                withChildren(
                        element(FORM, "form", "action", "/signup"),
                        element(EMAIL, "input", "type", "email", "name", "email", "placeholder", "Email"),
                        element(PASSWORD, "input", "type", "password", "id", "pw", "aria-label", "Password"),
                        withChildren(
                                element(SUBMIT, "button", "class", "primary"),
                                withChildren(element(SUBMIT_LABEL, "span"), text(16, "Sign up")))),
                withChildren(element(OUTSIDE_LINK, "a", "href", "/pricing"), text(21, "Pricing")),
                withChildren(
                        element(30, "form", "action", "/search"),
                        element(SEARCH_FIELD, "input", "type", "search", "name", "q")),
                element(LOOSE_FIELD, "input", "type", "text", "name", "filter"));
    }

    @Test
    void fieldsChangedThenAnotherPageIsAnAbandonmentNamingTheLastFieldTouched() {
        // given
        JsonNode events = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .typed(4000, PASSWORD, SECRET)
                .click(20_000, OUTSIDE_LINK, 500, 40)
                .meta(21_000, "https://shop.example/pricing")
                .build();

        // then: anchored at the last change, named by the field's selector and label, not its value
        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::offsetMs, Frustration::target)
                .containsExactly(tuple(
                        FrustrationType.FORM_ABANDONMENT,
                        4000L,
                        new FrustrationTarget(PASSWORD, "input#pw", "Password")));
    }

    @Test
    void aFieldWithoutIdIsNamedByItsNameAndPlaceholder() {
        JsonNode events = signUpPage().typed(2000, EMAIL, "x").build();

        assertThat(finished(events))
                .extracting(Frustration::target)
                .containsExactly(new FrustrationTarget(EMAIL, "input[name=\"email\"]", "Email"));
    }

    @Test
    void theSessionEndingAfterTheFormIsUsedIsAnAbandonmentEvenRightAfterTheLastKey() {
        JsonNode events = signUpPage().typed(2000, EMAIL, "x").build();

        assertThat(Detection.whileRunning(FrustrationRules.DEFAULTS, events)).isEmpty();
        assertThat(types(finished(events))).containsExactly(FrustrationType.FORM_ABANDONMENT);
    }

    @Test
    void aFormSubmittedThenLeftIsNotAbandoned() {
        // given: the submit button clicked (on its label), the next page 40 s later
        JsonNode clicked = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .click(3000, SUBMIT_LABEL, 300, 200)
                .mutation(3100)
                .meta(40_000, NEXT)
                .build();
        // Enter in the field: the page changes with no click between
        JsonNode enter = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .meta(3500, NEXT)
                .build();
        // submitted to another site: pagehide right after the last key
        JsonNode leftBySubmit =
                signUpPage().typed(2000, EMAIL, "me@example.com").pagehide(2600).build();

        // then
        assertThat(finished(clicked)).isEmpty();
        assertThat(finished(enter)).isEmpty();
        assertThat(finished(leftBySubmit)).isEmpty();
    }

    @Test
    void leavingLongAfterTheLastChangeOrThroughALinkIsNoSubmission() {
        // given: the back button 15 s after typing, and a link clicked 1 s after typing
        JsonNode lateBack = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .meta(2000 + EngineLimits.FORM_SUBMIT_NAVIGATION_MS + 1, NEXT)
                .build();
        JsonNode link = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .click(3000, OUTSIDE_LINK, 500, 40)
                .meta(3500, "https://shop.example/pricing")
                .build();

        // then
        assertThat(types(finished(lateBack))).containsExactly(FrustrationType.FORM_ABANDONMENT);
        assertThat(types(finished(link))).containsExactly(FrustrationType.FORM_ABANDONMENT);
    }

    @Test
    void aSearchBoxAFieldInNoFormAndAFormOnlyLookedAtAreNot() {
        // given
        JsonNode search = signUpPage()
                .typed(2000, SEARCH_FIELD, "shoes")
                .click(5000, OUTSIDE_LINK, 500, 40)
                .meta(6000, "https://shop.example/pricing")
                .build();
        JsonNode loose = signUpPage().typed(2000, LOOSE_FIELD, "red").build();
        JsonNode looked =
                signUpPage().click(2000, EMAIL, 300, 100).meta(20_000, NEXT).build();

        // then
        assertThat(finished(search)).isEmpty();
        assertThat(finished(loose)).isEmpty();
        assertThat(finished(looked)).isEmpty();
    }

    @Test
    void aFormRenderedLaterIsLearntFromTheMutation() {
        // given: an empty page, then a form added by script
        JsonNode events = Events.page()
                .adding(
                        500,
                        3,
                        withChildren(element(FORM, "form"), element(EMAIL, "input", "type", "email", "name", "email")))
                .typed(2000, EMAIL, "x")
                .navigation(30_000, NEXT)
                .build();

        // then
        assertThat(finished(events))
                .extracting(Frustration::type, Frustration::offsetMs)
                .containsExactly(tuple(FrustrationType.FORM_ABANDONMENT, 2000L));
    }

    @Test
    void theSameAtEveryChunkBoundaryAndNothingTypedIsKept() throws Exception {
        // given
        JsonNode events = signUpPage()
                .typed(2000, EMAIL, "me@example.com")
                .typed(4000, PASSWORD, SECRET)
                .click(20_000, OUTSIDE_LINK, 500, 40)
                .meta(21_000, "https://shop.example/pricing")
                .typed(22_000, EMAIL, SECRET) // no form learnt on the new page: nothing
                .build();
        List<Frustration> whole = finished(events);

        // then
        assertThat(whole).hasSize(1);
        for (int cut = 1; cut < events.size(); cut++) {
            assertThat(finishedInChunks(FrustrationRules.DEFAULTS, Chunks.splitAt(events, cut)))
                    .as("cut before event %d", cut)
                    .isEqualTo(whole);
            SessionState state =
                    Chunks.aggregate(FrustrationRules.DEFAULTS, Chunks.splitAt(events, cut), ChunkMeta.NONE);
            assertThat(state.toJson()).doesNotContain(SECRET).doesNotContain("me@example.com");
        }
    }
}
