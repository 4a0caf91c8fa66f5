package dev.rewind.tenants;

/** A user's membership of an organization (tenant) and its role. */
public record Member(String tenantId, String userSub, String email, Role role, long joinedAt) {
    public Member withRole(Role newRole) {
        return new Member(tenantId, userSub, email, newRole, joinedAt);
    }
}
