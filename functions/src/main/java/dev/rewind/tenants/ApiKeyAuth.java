package dev.rewind.tenants;

import dev.rewind.common.Refused.Reason;
import dev.rewind.common.Refused;

/**
 * Resolves an api key (the console sends {@code Authorization: Bearer sk_...}) to its tenant. Not cached: a rotated api key must stop
 * working at once on every Lambda instance; the cost is one GetItem per console request.
 */
public final class ApiKeyAuth {
    private ApiKeyAuth() {}

    /** @param key the api key presented, or null */
    public static Tenant tenant(TenantStore tenants, String key) {
        if (key == null || key.isEmpty()) {
            throw new Refused(Reason.MISSING_API_KEY, "send the api key as Authorization: Bearer sk_...");
        }
        return tenants.findKey(Keys.hash(key))
                .filter(grant -> grant.kind() == KeyKind.API)
                .flatMap(grant -> tenants.find(grant.tenantId()))
                .orElseThrow(() -> new Refused(Reason.UNKNOWN_API_KEY, "the api key is unknown or was rotated"));
    }
}
