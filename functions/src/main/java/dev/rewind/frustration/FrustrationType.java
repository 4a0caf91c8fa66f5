package dev.rewind.frustration;

// INTEGRATOR STUB: the frustration engineer owns this file and replaces it.
public enum FrustrationType {
    RAGE_CLICK("rage_click"), DEAD_CLICK("dead_click"), ERROR_CLICK("error_click"), ERROR("error");
    private final String code;
    FrustrationType(String code) { this.code = code; }
    public String code() { return code; }
}
