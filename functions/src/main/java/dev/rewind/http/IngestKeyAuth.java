package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.rewind.ingest.IngestKeyCache;
import dev.rewind.ingest.RefusedOrigins;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;

/**
 * The recorder's authentication, for every route it calls: the public ingest key in the query string
 * ({@code ?key=pk_…}, so browsers send without a preflight) and the page's origin among the tenant's
 * allowed origins (docs/SECURITY.md).
 */
final class IngestKeyAuth {
    private final IngestKeyCache keys;
    private final RefusedOrigins refusedOrigins;

    IngestKeyAuth(TenantStore tenants, Clock clock) {
        this.keys = new IngestKeyCache(tenants, clock);
        this.refusedOrigins = new RefusedOrigins(tenants, clock);
    }

    Tenant tenantFor(APIGatewayV2HTTPEvent event) {
        String key = Requests.query(event, "key");
        if (key == null || key.isEmpty()) {
            throw ApiException.unauthorized("missing_key", "the ingest key is missing (?key=pk_...)");
        }
        Tenant tenant = keys.tenantFor(key)
                .orElseThrow(
                        () -> ApiException.unauthorized("invalid_key", "the ingest key is unknown or was rotated"));
        String origin = Requests.header(event, "origin");
        if (!tenant.allowsOrigin(origin)) {
            // the console shows it in Settings, so a site that forgot to allow itself is not a silent failure
            refusedOrigins.note(tenant.tenantId(), origin);
            throw new ApiException(403, "origin_not_allowed", "this origin is not in the tenant's allowed origins");
        }
        return tenant;
    }
}
