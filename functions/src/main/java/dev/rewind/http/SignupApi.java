package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.RewindConfig;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.AuditEntry;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Invitation;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.Role;
import dev.rewind.tenants.Snippet;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import dev.rewind.tenants.User;
import java.time.Clock;

/**
 * {@code POST /v1/signup}: a new tenant, its keys (the api key is shown only here) and its snippet.
 * {@code POST /v1/organizations}: a new tenant made by a signed-in user, who becomes its owner; no
 * api key (its admins make named ones), the ingest key and the snippet.
 */
public final class SignupApi extends ApiHandler {
    private final TenantStore tenants;
    private final AuditLog audit;
    private final Access access;
    private final Clock clock;
    private final RewindConfig config;

    public SignupApi(TenantStore tenants, AuditLog audit, Access access, Clock clock, RewindConfig config) {
        this.tenants = tenants;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
        this.config = config;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        if ("POST /v1/organizations".equals(routeKey)) {
            return organization(Requests.user(access, event), Requests.jsonBody(event), Requests.sourceIp(event));
        }
        if (!"POST /v1/signup".equals(routeKey)) {
            throw unknownRoute(routeKey);
        }
        JsonNode body = Requests.jsonBody(event);
        String email = text(body, "email", 254);
        String organization = text(body, "organization", 100);
        if (!Invitation.isEmail(email)) {
            throw ApiException.badRequest("invalid_email", "email is not an email address");
        }
        Tenant tenant = Tenant.create("t_" + Keys.newId(), organization, email, clock.millis());
        String ingestKey = Keys.newKey(KeyKind.INGEST);
        String apiKey = Keys.newKey(KeyKind.API);
        tenants.create(tenant, Keys.hash(ingestKey), Keys.hash(apiKey), null);
        tenants.publishIngestKey(tenant.tenantId(), ingestKey);
        Log.info("tenant_created", "tenantId", tenant.tenantId());
        return Responses.json(
                201,
                Json.object()
                        .put("tenantId", tenant.tenantId())
                        .put("ingestKey", ingestKey)
                        .put("apiKey", apiKey)
                        .put("snippet", Snippet.forTenant(ingestKey, config.publicApiUrl(), config.sdkUrl())));
    }

    private APIGatewayV2HTTPResponse organization(User user, JsonNode body, String sourceIp) {
        String organization = text(body, "organization", 100);
        if (user.email() == null || !user.emailVerified()) {
            throw new Refused(
                    Refused.Reason.EMAIL_MISMATCH,
                    "sign in with a verified email (an id token) to create an organization");
        }
        long now = clock.millis();
        Tenant tenant = Tenant.create("t_" + Keys.newId(), organization, user.email(), now);
        String ingestKey = Keys.newKey(KeyKind.INGEST);
        tenants.create(
                tenant,
                Keys.hash(ingestKey),
                null,
                new Member(tenant.tenantId(), user.sub(), user.email(), Role.OWNER, now));
        tenants.publishIngestKey(tenant.tenantId(), ingestKey);
        Log.info("tenant_created", "tenantId", tenant.tenantId());
        audit.append(new AuditEntry(
                tenant.tenantId(), now, user.email(), sourceIp, "organization.create", organization, null, null));
        return Responses.json(
                201,
                Json.object()
                        .put("tenantId", tenant.tenantId())
                        .put("organization", organization)
                        .put("role", Role.OWNER.code())
                        .put("ingestKey", ingestKey)
                        .put("snippet", Snippet.forTenant(ingestKey, config.publicApiUrl(), config.sdkUrl())));
    }

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("invalid_" + field, field + " is required");
        }
        if (value.asText().length() > maxLength) {
            throw ApiException.badRequest("invalid_" + field, field + " is longer than " + maxLength + " characters");
        }
        return value.asText().trim();
    }
}
