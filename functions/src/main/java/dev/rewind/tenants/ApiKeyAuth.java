package dev.rewind.tenants;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.rewind.http.ApiException;
import dev.rewind.http.Requests;

/**
 * Resolves {@code Authorization: Bearer sk_...} to its tenant. Not cached: a rotated api key must stop
 * working at once on every Lambda instance; the cost is one GetItem per console request.
 */
public final class ApiKeyAuth {
    private ApiKeyAuth() {}

    public static Tenant tenant(TenantStore tenants, APIGatewayV2HTTPEvent event) {
        String key = Requests.bearerToken(event);
        if (key == null || key.isEmpty()) {
            throw ApiException.unauthorized("missing_api_key", "send the api key as Authorization: Bearer sk_...");
        }
        return tenants.findKey(Keys.hash(key))
                .filter(grant -> grant.kind() == KeyKind.API)
                .flatMap(grant -> tenants.find(grant.tenantId()))
                .orElseThrow(() -> ApiException.unauthorized("invalid_api_key", "the api key is unknown or was rotated"));
    }
}
