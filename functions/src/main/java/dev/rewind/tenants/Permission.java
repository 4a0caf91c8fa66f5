package dev.rewind.tenants;

/**
 * The one permission table (docs/SECURITY.md, "Users and roles" has the same table): the lowest role
 * that has each permission, and whether a {@code read} api key has it. Members watch, filter and
 * share; admins also change settings, keys and members and delete data; the owner also transfers
 * ownership and deletes the organization. An {@code admin} api key has what an admin has.
 */
public enum Permission {
    VIEW_SESSIONS(Role.MEMBER, true),
    SHARE_SESSIONS(Role.MEMBER, false),
    VIEW_MEMBERS(Role.MEMBER, false),
    VIEW_USAGE(Role.MEMBER, true),
    VIEW_INSIGHTS(Role.MEMBER, true),
    CHANGE_SETTINGS(Role.ADMIN, false),
    IMPORT_SESSIONS(Role.ADMIN, false),
    MANAGE_KEYS(Role.ADMIN, false),
    MANAGE_MEMBERS(Role.ADMIN, false),
    DELETE_DATA(Role.ADMIN, false),
    READ_AUDIT(Role.ADMIN, false),
    TRANSFER_OWNERSHIP(Role.OWNER, false),
    DELETE_ORGANIZATION(Role.OWNER, false);

    private final Role lowestRole;
    private final boolean readKeys;

    Permission(Role lowestRole, boolean readKeys) {
        this.lowestRole = lowestRole;
        this.readKeys = readKeys;
    }

    public Role lowestRole() {
        return lowestRole;
    }

    public boolean grantedTo(Role role) {
        return role.atLeast(lowestRole);
    }

    public boolean grantedTo(KeyScope scope) {
        return scope == KeyScope.ADMIN ? grantedTo(Role.ADMIN) : readKeys;
    }

    public String code() {
        return name().toLowerCase();
    }
}
