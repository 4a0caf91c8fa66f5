package dev.rewind.tenants;

import dev.rewind.common.Refused;

/**
 * Who a console or API request comes from, once {@link Access} checked it: the tenant it acts on, and
 * either a member's role (a signed-in user) or an api key's scope. {@code actor} names it in the audit
 * log: the member's email or the key's name.
 */
public record Caller(Tenant tenant, String actor, Role role, KeyScope scope, String userSub, String sourceIp) {

    public boolean can(Permission permission) {
        return role != null ? permission.grantedTo(role) : permission.grantedTo(scope);
    }

    /** Refuses with 403 {@code forbidden} unless the caller has the permission. */
    public void require(Permission permission) {
        if (!can(permission)) {
            String who = role != null ? "a " + role.code() : "a " + scope.code() + " api key";
            throw Refused.forbidden(who + " may not " + permission.code().replace('_', ' ')
                    + " (docs/SECURITY.md, \"Users and roles\")");
        }
    }

    public String tenantId() {
        return tenant.tenantId();
    }

    /** The audit entry of a change this caller made at {@code at}. */
    public AuditEntry change(long at, String action, String target, String before, String after) {
        return new AuditEntry(tenant.tenantId(), at, actor, sourceIp, action, target, before, after);
    }
}
