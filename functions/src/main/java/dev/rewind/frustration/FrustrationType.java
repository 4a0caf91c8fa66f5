package dev.rewind.frustration;

/** The frustration signals of docs/FRUSTRATION.md; {@link #code()} is the name used in the API and the index. */
public enum FrustrationType {
    RAGE_CLICK("rage_click"),
    DEAD_CLICK("dead_click"),
    ERROR_CLICK("error_click"),
    ERROR("error");

    private final String code;

    FrustrationType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
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
