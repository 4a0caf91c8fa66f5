package dev.rewind.frustration;

import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.text;
import static dev.rewind.frustration.Events.withChildren;

/** The node ids of the small page the unit tests click on. */
final class CheckoutPage {
    private CheckoutPage() {}

    static final int PLACE_ORDER = 10;
    static final int PANEL = 20;
    static final int PARAGRAPH = 30;
    static final int PARAGRAPH_TEXT = 31;
    static final int NEW_TAB_LINK = 40;
    static final int COUNTRY_SELECT = 50;
    static final int LABEL = 60;
    static final int ICON_BUTTON = 70;
    static final int ICON_IN_BUTTON = 71;
    static final int NEXT_LINK = 80;
    static final int CHECKBOX = 90;
    static final int ROLE_BUTTON = 100;
    static final int FILE_INPUT = 110;
    static final int CONTAINER = 120;

    static Events load() {
        return Events.page(
                withChildren(element(PLACE_ORDER, "button", "id", "place-order"), text(11, "Place order")),
                withChildren(element(PANEL, "div", "class", "panel"), text(21, "Order summary")),
                withChildren(element(PARAGRAPH, "p"), text(PARAGRAPH_TEXT, "By placing your order you agree.")),
                withChildren(
                        element(NEW_TAB_LINK, "a", "href", "https://shop.example/terms", "target", "_blank"),
                        text(41, "Terms")),
                element(COUNTRY_SELECT, "select"),
                withChildren(element(LABEL, "label", "for", "email"), text(61, "Email")),
                withChildren(
                        element(ICON_BUTTON, "button", "aria-label", "Close"),
                        withChildren(element(ICON_IN_BUTTON, "svg"), element(72, "path"))),
                withChildren(element(NEXT_LINK, "a", "href", "https://shop.example/next"), text(81, "Next")),
                element(CHECKBOX, "input", "type", "checkbox"),
                withChildren(element(ROLE_BUTTON, "div", "role", "button"), text(101, "Pay")),
                element(FILE_INPUT, "input", "type", "file"),
                element(CONTAINER, "div", "id", "container"));
    }
}
