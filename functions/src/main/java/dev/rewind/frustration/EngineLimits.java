package dev.rewind.frustration;

/**
 * The bounds of what the engine carries from one chunk of a session to the next, so that its
 * saved state never exceeds {@link #MAX_STATE_BYTES} however long or strange the session is
 * (arithmetic in docs/FRUSTRATION.md, checked by FrustrationDetectorStateTest).
 */
public final class EngineLimits {
    private EngineLimits() {}

    /**
     * Interactive elements remembered from the snapshots and mutations of the current page; beyond
     * it the earliest are forgotten (their clicks can then no longer be dead: a missed signal,
     * never a false one).
     */
    public static final int MAX_INTERACTIVE_NODES = 1024;

    /**
     * Click groups still waiting for their dead-click window to close. Only clicks with no answer
     * at all stay here, so more than a handful means a user clicking many far-apart controls
     * within 2.5 s; the oldest is then given up.
     */
    public static final int MAX_OPEN_CLICK_GROUPS = 16;

    /** A click hint belongs to the click within this many ms of it. */
    public static final long HINT_MATCH_MS = 20;

    /**
     * Interactive elements of the current page whose name (selector and text, from the snapshot) is
     * kept, the latest learnt: clicks on others without a click hint are named by node id only.
     */
    public static final int MAX_NAMED_ELEMENTS = 64;

    /** Characters kept of a selector made from the snapshot (tag#id, or tag and two classes). */
    public static final int MAX_NAME_SELECTOR_CHARS = 60;

    /** Characters kept of a hint's selector. */
    public static final int MAX_SELECTOR_CHARS = 100;

    /** Characters kept of a hint's text (the recorder already sends at most 40). */
    public static final int MAX_TEXT_CHARS = 40;

    /** Characters kept of an error's message, the name the console lists an error by. */
    public static final int MAX_ERROR_MESSAGE_CHARS = 100;

    /** Characters of the current page's URL kept to tell a page load from a repeated snapshot. */
    public static final int MAX_HREF_CHARS = 256;

    /** Most scroll reversals excessive scrolling may ask for (the range's top): the reversal times kept. */
    public static final int MAX_SCROLL_REVERSALS = 20;

    /** Form fields and submit controls of the current page remembered, with their form; the earliest forgotten first. */
    public static final int MAX_FORM_NODES = 32;

    /** Forms with fields changed and not yet submitted, at most; a further one is not watched. */
    public static final int MAX_TOUCHED_FORMS = 4;

    /**
     * A page change (or pagehide) this soon after the latest input into a form or click on it, with no click
     * elsewhere between, submitted the form: Enter in a field, a script's submit (docs/FRUSTRATION.md, "Form
     * abandonment").
     */
    public static final long FORM_SUBMIT_NAVIGATION_MS = 10_000;

    /** Characters kept of the page a quick back bounced off (its URL without query or fragment). */
    public static final int MAX_QUICK_BACK_PAGE_CHARS = 100;

    /** The distance a scroll must travel to count as a leg when the viewport's height is unknown. */
    public static final int DEFAULT_SCROLL_LEG_PX = 200;

    /** Upper bound of {@code FrustrationDetector.saveState()} serialized as UTF-8 JSON. */
    public static final int MAX_STATE_BYTES = 64 * 1024;
}
