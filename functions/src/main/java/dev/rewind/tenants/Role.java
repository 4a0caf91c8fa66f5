package dev.rewind.tenants;

import java.util.Optional;

/** A member's role in an organization (tenant); {@link Permission} says what each may do. */
public enum Role {
    MEMBER,
    ADMIN,
    OWNER;

    public String code() {
        return name().toLowerCase();
    }

    public static Optional<Role> parse(String code) {
        for (Role role : values()) {
            if (role.code().equals(code)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether this role has at least the rights of {@code other} (owner > admin > member). */
    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
