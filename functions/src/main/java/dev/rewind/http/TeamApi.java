package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.common.RewindConfig;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.AuditEntry;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.Invitation;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.Permission;
import dev.rewind.tenants.Role;
import dev.rewind.tenants.TeamStore;
import dev.rewind.tenants.TenantStore;
import dev.rewind.tenants.User;
import java.time.Clock;
import java.util.Locale;

/**
 * People (docs/SECURITY.md, "Users and roles"): {@code GET /v1/me} (the signed-in user's
 * organizations), members and their roles, invitations (made, listed, revoked, accepted) and
 * {@code GET /v1/audit}. Every change is written to the audit log with its actor.
 */
public final class TeamApi extends ApiHandler {
    static final int DEFAULT_AUDIT_PAGE = 50;
    static final int MAX_AUDIT_PAGE = 200;

    private final TenantStore tenants;
    private final TeamStore teams;
    private final AuditLog audit;
    private final Access access;
    private final Clock clock;
    private final RewindConfig config;

    public TeamApi(
            TenantStore tenants, TeamStore teams, AuditLog audit, Access access, Clock clock, RewindConfig config) {
        this.tenants = tenants;
        this.teams = teams;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
        this.config = config;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        switch (routeKey) {
            case "GET /v1/me" -> {
                return me(Requests.user(access, event));
            }
            case "POST /v1/invitations/accept" -> {
                return accept(Requests.user(access, event), Requests.jsonBody(event), Requests.sourceIp(event));
            }
            default -> {}
        }
        Caller caller = Requests.caller(access, event);
        return switch (routeKey) {
            case "GET /v1/members" -> {
                caller.require(Permission.VIEW_MEMBERS);
                yield members(caller);
            }
            case "PATCH /v1/members/{userId}" -> {
                caller.require(Permission.MANAGE_MEMBERS);
                yield changeRole(caller, Requests.pathParameter(event, "userId"), Requests.jsonBody(event));
            }
            case "DELETE /v1/members/{userId}" -> {
                caller.require(Permission.MANAGE_MEMBERS);
                yield remove(caller, Requests.pathParameter(event, "userId"));
            }
            case "GET /v1/invitations" -> {
                caller.require(Permission.MANAGE_MEMBERS);
                yield invitations(caller);
            }
            case "POST /v1/invitations" -> {
                caller.require(Permission.MANAGE_MEMBERS);
                yield invite(caller, Requests.jsonBody(event));
            }
            case "DELETE /v1/invitations/{id}" -> {
                caller.require(Permission.MANAGE_MEMBERS);
                yield revoke(caller, Requests.pathParameter(event, "id"));
            }
            case "GET /v1/audit" -> {
                caller.require(Permission.READ_AUDIT);
                yield auditPage(caller, event);
            }
            default -> throw unknownRoute(routeKey);
        };
    }

    private APIGatewayV2HTTPResponse me(User user) {
        ObjectNode body = Json.object().put("userId", user.sub()).put("email", user.email());
        ArrayNode organizations = body.putArray("organizations");
        for (Member m : teams.memberships(user.sub())) {
            tenants.find(m.tenantId())
                    .ifPresent(t -> organizations
                            .addObject()
                            .put("tenantId", t.tenantId())
                            .put("organization", t.organization())
                            .put("role", m.role().code()));
        }
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse members(Caller caller) {
        ObjectNode body = Json.object();
        ArrayNode members = body.putArray("members");
        teams.members(caller.tenantId()).forEach(m -> members.add(memberView(m)));
        return Responses.json(200, body);
    }

    private Member existing(Caller caller, String userId) {
        return teams.member(caller.tenantId(), userId).orElseThrow(() -> Refused.notFound("member"));
    }

    private APIGatewayV2HTTPResponse changeRole(Caller caller, String userId, JsonNode body) {
        Role role = role(body.get("role"));
        Member target = existing(caller, userId);
        if (role == Role.OWNER) {
            // a transfer: the owner hands over and stays as an admin
            caller.require(Permission.TRANSFER_OWNERSHIP);
            if (!userId.equals(caller.userSub())) {
                teams.putMember(target.withRole(Role.OWNER));
                teams.putMember(existing(caller, caller.userSub()).withRole(Role.ADMIN));
            }
        } else if (target.role() == Role.OWNER) {
            throw new Refused(
                    Reason.OWNER_REQUIRED, "the owner's role changes only by transferring ownership to someone else");
        } else {
            teams.putMember(target.withRole(role));
        }
        Log.info("member_role_changed", "tenantId", caller.tenantId(), "role", role.code());
        change(caller, "member.role", target.email(), target.role().code(), role.code());
        return Responses.json(200, memberView(target.withRole(role)));
    }

    private APIGatewayV2HTTPResponse remove(Caller caller, String userId) {
        Member target = existing(caller, userId);
        if (target.role() == Role.OWNER) {
            throw new Refused(Reason.OWNER_REQUIRED, "the owner cannot be removed; transfer ownership first");
        }
        teams.removeMember(caller.tenantId(), userId);
        Log.info("member_removed", "tenantId", caller.tenantId());
        change(caller, "member.remove", target.email(), target.role().code(), null);
        return Responses.noContent();
    }

    private APIGatewayV2HTTPResponse invitations(Caller caller) {
        long now = clock.millis();
        ObjectNode body = Json.object();
        ArrayNode invitations = body.putArray("invitations");
        teams.invitations(caller.tenantId()).stream()
                .filter(i -> !i.expired(now))
                .forEach(i -> invitations.add(invitationView(i)));
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse invite(Caller caller, JsonNode body) {
        JsonNode emailField = body.get("email");
        String email = emailField == null || !emailField.isTextual()
                ? null
                : emailField.asText().trim().toLowerCase(Locale.ROOT);
        if (!Invitation.isEmail(email)) {
            throw ApiException.badRequest("invalid_email", "email is not an email address");
        }
        Role role = role(body.get("role"));
        if (role == Role.OWNER) {
            throw ApiException.badRequest(
                    "invalid_role", "invite as admin or member; ownership is transferred to a member");
        }
        long now = clock.millis();
        String token = Keys.newKey(KeyKind.INVITATION);
        Invitation invitation = new Invitation(
                Keys.newId(),
                caller.tenantId(),
                email,
                role,
                caller.actor(),
                now,
                now + Invitation.VALID_FOR.toMillis());
        teams.putInvitation(invitation, Keys.hash(token));
        Log.info("member_invited", "tenantId", caller.tenantId(), "role", role.code());
        change(caller, "member.invite", email, null, role.code());
        // the token rides in the fragment: browsers never send it to a server, so no access log holds it
        return Responses.json(
                201,
                invitationView(invitation).put("token", token).put("link", config.consoleUrl() + "/accept#" + token));
    }

    private APIGatewayV2HTTPResponse revoke(Caller caller, String invitationId) {
        Invitation invitation =
                teams.invitation(caller.tenantId(), invitationId).orElseThrow(() -> Refused.notFound("invitation"));
        if (!teams.deleteInvitation(caller.tenantId(), invitationId)) {
            throw Refused.notFound("invitation");
        }
        change(
                caller,
                "invitation.revoke",
                invitation.email(),
                invitation.role().code(),
                null);
        return Responses.noContent();
    }

    private APIGatewayV2HTTPResponse accept(User user, JsonNode body, String sourceIp) {
        JsonNode tokenField = body.get("token");
        Refused unknown = Refused.notFound("invitation (used, revoked or expired)");
        if (tokenField == null
                || !tokenField.isTextual()
                || !tokenField.asText().startsWith(KeyKind.INVITATION.prefix())) {
            throw unknown;
        }
        long now = clock.millis();
        KeyGrant grant = tenants.findKey(Keys.hash(tokenField.asText()))
                .filter(g -> g.kind() == KeyKind.INVITATION)
                .orElseThrow(() -> unknown);
        Invitation invitation = teams.invitation(grant.tenantId(), grant.keyId())
                .filter(i -> !i.expired(now))
                .orElseThrow(() -> unknown);
        if (!user.emailVerified() || user.email() == null || !user.email().equalsIgnoreCase(invitation.email())) {
            throw new Refused(
                    Reason.EMAIL_MISMATCH,
                    "this invitation is for another email address; sign in as the invited, verified email");
        }
        if (teams.member(invitation.tenantId(), user.sub()).isPresent()) {
            throw new Refused(Reason.ALREADY_MEMBER, "you are already a member of this organization");
        }
        Member member = new Member(invitation.tenantId(), user.sub(), user.email(), invitation.role(), now);
        if (!teams.accept(invitation, member)) {
            throw unknown;
        }
        Log.info(
                "invitation_accepted",
                "tenantId",
                invitation.tenantId(),
                "role",
                invitation.role().code());
        audit.append(new AuditEntry(
                invitation.tenantId(),
                now,
                user.email(),
                sourceIp,
                "member.join",
                user.email(),
                null,
                invitation.role().code()));
        String organization =
                tenants.find(invitation.tenantId()).map(t -> t.organization()).orElse(null);
        return Responses.json(
                200, memberView(member).put("tenantId", invitation.tenantId()).put("organization", organization));
    }

    private APIGatewayV2HTTPResponse auditPage(Caller caller, APIGatewayV2HTTPEvent event) {
        int limit = DEFAULT_AUDIT_PAGE;
        String limitParam = Requests.query(event, "limit");
        if (limitParam != null) {
            if (!limitParam.matches("\\d{1,3}")
                    || Integer.parseInt(limitParam) < 1
                    || Integer.parseInt(limitParam) > MAX_AUDIT_PAGE) {
                throw ApiException.badRequest("invalid_limit", "limit must be from 1 to " + MAX_AUDIT_PAGE);
            }
            limit = Integer.parseInt(limitParam);
        }
        AuditLog.Page page = audit.page(caller.tenantId(), Requests.query(event, "cursor"), limit);
        ObjectNode body = Json.object();
        ArrayNode entries = body.putArray("entries");
        for (AuditEntry e : page.entries()) {
            entries.addObject()
                    .put("at", e.at())
                    .put("actor", e.actor())
                    .put("sourceIp", e.sourceIp())
                    .put("action", e.action())
                    .put("target", e.target())
                    .put("before", e.before())
                    .put("after", e.after());
        }
        body.put("nextCursor", page.nextCursor());
        return Responses.json(200, body);
    }

    private void change(Caller caller, String action, String target, String before, String after) {
        audit.append(caller.change(clock.millis(), action, target, before, after));
    }

    private static Role role(JsonNode value) {
        return Role.parse(value == null || !value.isTextual() ? "" : value.asText())
                .orElseThrow(() -> ApiException.badRequest("invalid_role", "role must be owner, admin or member"));
    }

    private static ObjectNode memberView(Member m) {
        return Json.object()
                .put("userId", m.userSub())
                .put("email", m.email())
                .put("role", m.role().code())
                .put("joinedAt", m.joinedAt());
    }

    private static ObjectNode invitationView(Invitation i) {
        return Json.object()
                .put("id", i.invitationId())
                .put("email", i.email())
                .put("role", i.role().code())
                .put("invitedBy", i.invitedBy())
                .put("createdAt", i.createdAt())
                .put("expiresAt", i.expiresAt());
    }
}
