package dev.rewind.tenants;

import java.util.Optional;

/**
 * What an api key may do: {@code read} lists and fetches sessions, {@code admin} does what an admin
 * member does. The key a tenant got at signup (before scopes existed) is an admin key.
 */
public enum KeyScope {
    READ,
    ADMIN;

    public String code() {
        return name().toLowerCase();
    }

    public static Optional<KeyScope> parse(String code) {
        for (KeyScope scope : values()) {
            if (scope.code().equals(code)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
