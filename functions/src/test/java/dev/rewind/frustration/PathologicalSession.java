package dev.rewind.frustration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.sessions.SessionLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * A session built to fill every bound of the carried state at once, with the longest strings in
 * 3-byte UTF-8 characters and 10-digit node ids: more interactive elements, URLs, frustrations and
 * unanswered click groups than are kept, and a click hint still waiting at the end.
 */
public final class PathologicalSession {
    private PathologicalSession() {}

    /** A 3-byte character in UTF-8, never escaped by JSON. */
    private static final String WIDE = "€";

    private static final int FIRST_ID = 2_100_000_000;
    private static final int CONTROLS = 3000;
    private static final int FORM_ID = 2_140_000_000;

    public static String wide(int length) {
        return WIDE.repeat(length);
    }

    public static ArrayNode events() {
        Events recording = new Events().meta(0, "https://shop.example/" + wide(400));
        List<ObjectNode> controls = new ArrayList<>();
        for (int i = 0; i < CONTROLS; i++) {
            // each named by the longest id and text kept, with an element inside that inherits from it
            ObjectNode label = Events.withChildren(
                    Events.element(FIRST_ID + CONTROLS + i, "span"),
                    Events.text(FIRST_ID + 2 * CONTROLS + i, wide(100)));
            controls.add(Events.withChildren(
                    Events.element(FIRST_ID + i, i % 2 == 0 ? "button" : "select", "id", wide(100)), label));
        }
        // Forms whose fields fill the form cap, each named by the longest selector and label kept
        int fieldsPerForm = EngineLimits.MAX_FORM_NODES / EngineLimits.MAX_TOUCHED_FORMS;
        for (int form = 0; form < EngineLimits.MAX_TOUCHED_FORMS; form++) {
            ObjectNode element = Events.element(FORM_ID + form * (fieldsPerForm + 1), "form");
            for (int field = 1; field <= fieldsPerForm; field++) {
                element.withArray("childNodes")
                        .add(Events.element(
                                FORM_ID + form * (fieldsPerForm + 1) + field,
                                "input",
                                "id",
                                wide(100),
                                "aria-label",
                                wide(100)));
            }
            controls.add(element);
        }
        recording.snapshot(1, controls.toArray(ObjectNode[]::new));
        recording.identify(2, wide(1000));
        long at = 10;
        for (int page = 0; page < 80; page++) {
            recording.navigation(at += 10, "https://shop.example/" + page + "/" + wide(400));
        }
        // Quick backs between two long URLs, each page view scrolled up and down (excessive) and every form
        // changed and left (abandoned): more than the kept frustrations of each type.
        for (int view = 0; view < 2 * SessionLimits.MAX_FRUSTRATIONS_PER_TYPE + 20; view++) {
            recording.navigation(at += 100, "https://shop.example/" + (view % 2) + "/" + wide(400));
            int[] positions = {0, 600, 300, 900, 400, 1000};
            for (int i = 0; i < positions.length; i++) {
                recording.scrollTo(at + 1 + i, FIRST_ID + view, positions[i]);
            }
            for (int form = 0; form < EngineLimits.MAX_TOUCHED_FORMS; form++) {
                recording.typed(
                        at + 10 + form, FORM_ID + form * (fieldsPerForm + 1) + 1 + view % fieldsPerForm, wide(50));
            }
        }
        // Bursts on broken buttons that throw: a rage and an error click each, and an error; then one
        // more click on the same button, alone, that gets no answer: a dead click.
        for (int burst = 0; burst < 80; burst++) {
            at += 5000;
            int control = FIRST_ID + 2 * burst;
            for (int click = 0; click < 3; click++) {
                recording.hint(at + click * 200L, control, 500, 500, "button", wide(500) + burst, wide(100), true);
                recording.bareClick(at + click * 200L, control, 500, 500);
            }
            recording.error(at + 450, wide(300));
            recording.hint(at + 1500, control, 500, 500, "button", wide(500) + burst, wide(100), true);
            recording.bareClick(at + 1500, control, 500, 500);
        }
        // Far-apart pairs of clicks on different controls, no answer: groups that wait, each with
        // two different long targets.
        at += 5000;
        for (int group = 0; group < 2 * EngineLimits.MAX_OPEN_CLICK_GROUPS; group++) {
            int x = Integer.MIN_VALUE + 40 * group;
            for (int click = 0; click < 2; click++) {
                long clickAt = at + group * 60L + click * 20L;
                int control = FIRST_ID + 2 * (group * 2 + click);
                recording.hint(
                        clickAt,
                        control,
                        x,
                        Integer.MIN_VALUE,
                        "button",
                        wide(500) + group + "-" + click,
                        wide(100),
                        true);
                recording.bareClick(clickAt, control, x, Integer.MIN_VALUE);
            }
        }
        recording.hint(at + 5000, FIRST_ID, 1, 1, "button", wide(500), wide(100), true);
        return recording.build();
    }
}
