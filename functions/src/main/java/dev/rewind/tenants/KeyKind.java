package dev.rewind.tenants;

/** What a stored key hash grants. */
public enum KeyKind {
    INGEST("pk_"),
    API("sk_"),
    SHARE("sh_"),
    INVITATION("in_");

    private final String prefix;

    KeyKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String code() {
        return name().toLowerCase();
    }
}
