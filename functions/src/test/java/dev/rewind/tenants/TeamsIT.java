package dev.rewind.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TeamHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.Users;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Organizations, members, roles, invitations, scoped api keys and the audit log through the real
 * handlers on moto's Cognito and DynamoDB (docs/SECURITY.md, "Users and roles").
 */
class TeamsIT {
    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final SignupHandler signup = new SignupHandler(rewind);
    private final TeamHandler team = new TeamHandler(rewind);
    private final TenantHandler tenant = new TenantHandler(rewind);
    private final SessionsHandler sessions = new SessionsHandler(rewind);

    /** The test's clock stands still unless moved: each call moves it a second, as time passes between changes. */
    private APIGatewayV2HTTPResponse later(APIGatewayV2HTTPResponse response) {
        clock.advance(java.time.Duration.ofSeconds(1));
        return response;
    }

    private String outcome(APIGatewayV2HTTPResponse response) {
        later(response);
        JsonNode body = Tenants.read(response);
        return response.getStatusCode()
                + (body.has("error") ? " " + body.at("/error/code").asText() : "");
    }

    private ApiEvents as(Users.SignedIn user, String tenantId, ApiEvents request) {
        return request.bearer(user.idToken()).header("x-rewind-tenant", tenantId);
    }

    @Test
    void anOwnerInvitesAMemberWhoWatchesButCannotAdministerAndIsLockedOutOnceRemoved() {
        // given an owner who made an organization
        Users.SignedIn owner = Users.create(rewind.config, Users.email("owner"));
        JsonNode organization = Tenants.read(later(signup.handleRequest(
                ApiEvents.request("POST", "/v1/organizations")
                        .bearer(owner.idToken())
                        .json("{\"organization\":\"Acme\"}")
                        .build(),
                null)));
        String tenantId = organization.get("tenantId").asText();
        assertThat(organization.get("snippet").asText())
                .contains(organization.get("ingestKey").asText());
        assertThat(Tenants.read(team.handleRequest(
                                ApiEvents.request("GET", "/v1/me")
                                        .bearer(owner.idToken())
                                        .build(),
                                null))
                        .at("/organizations/0/role")
                        .asText())
                .isEqualTo("owner");

        // when the owner invites a teammate as a member, and the teammate accepts
        Users.SignedIn teammate = Users.create(rewind.config, Users.email("teammate"));
        JsonNode invitation = Tenants.read(later(team.handleRequest(
                as(owner, tenantId, ApiEvents.request("POST", "/v1/invitations"))
                        .json("{\"email\":\"" + teammate.email() + "\",\"role\":\"member\"}")
                        .build(),
                null)));
        assertThat(invitation.get("link").asText())
                .endsWith("#" + invitation.get("token").asText());
        assertThat(Tenants.read(team.handleRequest(
                                as(owner, tenantId, ApiEvents.request("GET", "/v1/invitations"))
                                        .build(),
                                null))
                        .at("/invitations/0/email")
                        .asText())
                .isEqualTo(teammate.email());
        Users.SignedIn stranger = Users.create(rewind.config, Users.email("stranger"));
        String accept = "{\"token\":\"" + invitation.get("token").asText() + "\"}";
        assertThat(outcome(team.handleRequest(
                        ApiEvents.request("POST", "/v1/invitations/accept")
                                .bearer(stranger.idToken())
                                .json(accept)
                                .build(),
                        null)))
                .isEqualTo("403 email_mismatch");
        APIGatewayV2HTTPResponse joined = team.handleRequest(
                ApiEvents.request("POST", "/v1/invitations/accept")
                        .bearer(teammate.idToken())
                        .json(accept)
                        .build(),
                null);
        assertThat(outcome(joined)).isEqualTo("200");
        assertThat(Tenants.read(joined).get("tenantId").asText())
                .as("the organization joined, to work in")
                .isEqualTo(tenantId);
        assertThat(Tenants.read(joined).get("organization").asText()).isEqualTo("Acme");
        assertThat(outcome(team.handleRequest(
                        ApiEvents.request("POST", "/v1/invitations/accept")
                                .bearer(teammate.idToken())
                                .json(accept)
                                .build(),
                        null)))
                .as("single use")
                .isEqualTo("404 not_found");

        // then the member watches sessions but is refused settings, keys, members and the audit log
        assertThat(outcome(sessions.handleRequest(
                        as(teammate, tenantId, ApiEvents.request("GET", "/v1/sessions"))
                                .build(),
                        null)))
                .isEqualTo("200");
        assertThat(outcome(tenant.handleRequest(
                        as(teammate, tenantId, ApiEvents.request("PATCH", "/v1/tenant"))
                                .json("{\"retentionDays\":7}")
                                .build(),
                        null)))
                .isEqualTo("403 forbidden");
        assertThat(outcome(tenant.handleRequest(
                        as(teammate, tenantId, ApiEvents.request("POST", "/v1/keys"))
                                .json("{\"name\":\"ci\",\"scope\":\"admin\"}")
                                .build(),
                        null)))
                .isEqualTo("403 forbidden");
        assertThat(outcome(team.handleRequest(
                        as(teammate, tenantId, ApiEvents.request("GET", "/v1/audit"))
                                .build(),
                        null)))
                .isEqualTo("403 forbidden");
        assertThat(outcome(team.handleRequest(
                        as(
                                        teammate,
                                        tenantId,
                                        ApiEvents.request("DELETE", "/v1/members/{userId}")
                                                .path("userId", owner.sub()))
                                .build(),
                        null)))
                .isEqualTo("403 forbidden");
        assertThat(Tenants.read(tenant.handleRequest(
                                as(owner, tenantId, ApiEvents.request("GET", "/v1/tenant"))
                                        .build(),
                                null))
                        .get("retentionDays")
                        .asInt())
                .isEqualTo(30);

        // and an owner's settings change and the member's removal take effect on the next request
        assertThat(outcome(tenant.handleRequest(
                        as(owner, tenantId, ApiEvents.request("PATCH", "/v1/tenant"))
                                .json("{\"retentionDays\":14}")
                                .build(),
                        null)))
                .isEqualTo("200");
        assertThat(outcome(team.handleRequest(
                        as(
                                        owner,
                                        tenantId,
                                        ApiEvents.request("DELETE", "/v1/members/{userId}")
                                                .path("userId", owner.sub()))
                                .build(),
                        null)))
                .isEqualTo("409 owner_required");
        assertThat(outcome(team.handleRequest(
                        as(
                                        owner,
                                        tenantId,
                                        ApiEvents.request("DELETE", "/v1/members/{userId}")
                                                .path("userId", teammate.sub()))
                                .build(),
                        null)))
                .isEqualTo("204");
        assertThat(outcome(sessions.handleRequest(
                        as(teammate, tenantId, ApiEvents.request("GET", "/v1/sessions"))
                                .build(),
                        null)))
                .isEqualTo("403 not_a_member");

        // and the audit log shows each step with its actor, newest first
        JsonNode audit = Tenants.read(team.handleRequest(
                as(owner, tenantId, ApiEvents.request("GET", "/v1/audit")).build(), null));
        List<String> steps = new ArrayList<>();
        audit.get("entries")
                .forEach(e -> steps.add(
                        e.get("action").asText() + " by " + e.get("actor").asText()));
        assertThat(steps)
                .containsExactly(
                        "member.remove by " + owner.email(),
                        "settings.update by " + owner.email(),
                        "member.join by " + teammate.email(),
                        "member.invite by " + owner.email(),
                        "organization.create by " + owner.email());
        assertThat(audit.at("/entries/1/before").asText()).contains("\"retentionDays\":30");
        assertThat(audit.at("/entries/1/after").asText()).contains("\"retentionDays\":14");
        assertThat(audit.at("/entries/0/sourceIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void scopedApiKeysAreShownOnceReadKeysOnlyReadAndRevokedKeysStopAtOnce() {
        // given a tenant signed up with today's sk_ key, which still authenticates as an admin key
        Tenants.SignedUp signedUp = Tenants.signUp(rewind, "Keys Co");
        JsonNode created = Tenants.read(later(tenant.handleRequest(
                ApiEvents.request("POST", "/v1/keys")
                        .bearer(signedUp.apiKey())
                        .json("{\"name\":\"dashboard\",\"scope\":\"read\"}")
                        .build(),
                null)));
        String readKey = created.get("key").asText();

        // when the read key is used
        assertThat(outcome(sessions.handleRequest(
                        ApiEvents.request("GET", "/v1/sessions").bearer(readKey).build(), null)))
                .isEqualTo("200");
        assertThat(outcome(tenant.handleRequest(
                        ApiEvents.request("PATCH", "/v1/tenant")
                                .bearer(readKey)
                                .json("{\"retentionDays\":7}")
                                .build(),
                        null)))
                .isEqualTo("403 forbidden");
        assertThat(outcome(tenant.handleRequest(
                        ApiEvents.request("GET", "/v1/keys").bearer(readKey).build(), null)))
                .isEqualTo("403 forbidden");

        // then the listing names both keys, the use is recorded, and no key is shown again
        APIGatewayV2HTTPResponse listing = tenant.handleRequest(
                ApiEvents.request("GET", "/v1/keys").bearer(signedUp.apiKey()).build(), null);
        JsonNode keys = Tenants.read(listing).get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("id").asText()).isEqualTo(ApiKey.SIGNUP_KEY_ID);
        assertThat(keys.get(1).get("lastUsedAt").asLong()).isPositive();
        assertThat(listing.getBody()).doesNotContain(readKey).doesNotContain(signedUp.apiKey());

        // and a revoked key stops on its next request
        assertThat(outcome(tenant.handleRequest(
                        ApiEvents.request("DELETE", "/v1/keys/{id}")
                                .path("id", created.get("id").asText())
                                .bearer(signedUp.apiKey())
                                .build(),
                        null)))
                .isEqualTo("204");
        assertThat(outcome(sessions.handleRequest(
                        ApiEvents.request("GET", "/v1/sessions").bearer(readKey).build(), null)))
                .isEqualTo("401 invalid_api_key");
        JsonNode audit = Tenants.read(team.handleRequest(
                ApiEvents.request("GET", "/v1/audit").bearer(signedUp.apiKey()).build(), null));
        assertThat(audit.at("/entries/0/action").asText()).isEqualTo("key.revoke");
        assertThat(audit.at("/entries/1/actor").asText()).isEqualTo("signup api key");
    }
}
