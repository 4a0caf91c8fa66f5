package dev.rewind.tenants;

import dev.rewind.common.Log;
import java.time.Clock;

/**
 * The owner's deletion of an organization (docs/RETENTION.md, "Deleting an organization"), the part that
 * happens inside the request: everything of the tenant is refused from the first write on. The tenant's
 * item becomes a marker (its settings gone, {@link TenantStore#find} finds nothing, its ingest key and
 * signup api key stop resolving), then its named api keys, invitations and memberships go, and the audit
 * log records who did it. The recordings are erased in the background by the retention sweep's fan-out
 * ({@code retention/OrganizationErasure}).
 */
public final class OrganizationDeletion {
    private final TenantStore tenants;
    private final TeamStore teams;
    private final AuditLog audit;
    private final Clock clock;

    public OrganizationDeletion(TenantStore tenants, TeamStore teams, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
    }

    /** Deletes the caller's organization; the caller must have {@link Permission#DELETE_ORGANIZATION}. */
    public long delete(Caller caller) {
        caller.require(Permission.DELETE_ORGANIZATION);
        String tenantId = caller.tenantId();
        long now = clock.millis();
        // the audit entry first: a deletion that fails half-way is still on record, and the log outlives the tenant
        audit.append(caller.change(
                now, "organization.delete", "organization " + caller.tenant().organization(), null, null));
        tenants.markDeleted(tenantId, now);
        removePeopleAndKeys(teams, tenantId);
        Log.info("organization_deleted", "tenantId", tenantId);
        return now;
    }

    /** Every named api key (its hash with it), invitation (its token with it) and membership of the tenant. */
    public static void removePeopleAndKeys(TeamStore teams, String tenantId) {
        teams.apiKeys(tenantId).forEach(key -> teams.deleteApiKey(tenantId, key.keyId()));
        teams.invitations(tenantId).forEach(invitation -> teams.deleteInvitation(tenantId, invitation.invitationId()));
        teams.members(tenantId).forEach(member -> teams.removeMember(tenantId, member.userSub()));
    }
}
