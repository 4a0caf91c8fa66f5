package dev.rewind.frustration;

import java.util.Arrays;
import java.util.List;

/** The frustration signals of docs/FRUSTRATION.md; {@link #code()} is the name used in the API and the index. */
public enum FrustrationType {
    RAGE_CLICK("rage_click"),
    DEAD_CLICK("dead_click"),
    ERROR_CLICK("error_click"),
    ERROR("error"),
    QUICK_BACK("quick_back"),
    EXCESSIVE_SCROLL("excessive_scroll"),
    FORM_ABANDONMENT("form_abandonment");

    private static final List<String> CODES =
            Arrays.stream(values()).map(FrustrationType::code).toList();

    private final String code;

    FrustrationType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Every type's code, in the order above: the flags a session list can filter on. */
    public static List<String> codes() {
        return CODES;
    }

    /** The type with this code; IllegalArgumentException when there is none. */
    public static FrustrationType ofCode(String code) {
        for (FrustrationType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown frustration type: " + code);
    }
}
