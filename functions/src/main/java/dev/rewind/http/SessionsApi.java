package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.assets.Assets;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.ingest.Importer;
import dev.rewind.ingest.IngestLimits;
import dev.rewind.insights.ErrorGroups;
import dev.rewind.retention.SessionDeletion;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionReader;
import dev.rewind.sessions.Shares;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.Permission;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The console's session routes: list, detail, delete, user deletion, import and share links. Each route
 * parses its request, calls a service ({@link SessionReader}, {@link Shares}, {@link SessionDeletion},
 * {@link Importer}) and maps the answer to JSON.
 */
public final class SessionsApi extends ApiHandler {
    private static final Pattern SHARE_ID = Pattern.compile("[0-9a-f]{" + ShareLink.ID_CHARS + "}");

    private final Access access;
    private final AuditLog audit;
    private final SessionReader reader;
    private final Shares shares;
    private final SessionDeletion deletion;
    private final Importer importer;
    private final Clock clock;
    private final RewindConfig config;
    private final Assets assets;

    public SessionsApi(
            Access access,
            AuditLog audit,
            SessionReader reader,
            Shares shares,
            SessionDeletion deletion,
            Importer importer,
            Clock clock,
            RewindConfig config,
            Assets assets) {
        this.access = access;
        this.audit = audit;
        this.assets = assets;
        this.reader = reader;
        this.shares = shares;
        this.deletion = deletion;
        this.importer = importer;
        this.clock = clock;
        this.config = config;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        if ("GET /v1/shares/{token}".equals(routeKey)) {
            return shared(Requests.pathParameter(event, "token"));
        }
        Caller caller = Requests.caller(access, event);
        Tenant tenant = caller.tenant();
        return switch (routeKey) {
            case "GET /v1/sessions" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield list(tenant, event);
            }
            case "GET /v1/sessions/{id}" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield Responses.json(200, detail(reader.detail(tenant, sessionId(event))));
            }
            case "DELETE /v1/sessions/{id}" -> {
                caller.require(Permission.DELETE_DATA);
                String sessionId = sessionId(event);
                APIGatewayV2HTTPResponse response = delete(tenant, sessionId);
                audit(caller, "session.delete", "session " + sessionId);
                yield response;
            }
            case "POST /v1/sessions/{id}/share" -> {
                caller.require(Permission.SHARE_SESSIONS);
                String sessionId = sessionId(event);
                APIGatewayV2HTTPResponse response = share(tenant, sessionId, event);
                audit(caller, "share.create", "session " + sessionId);
                yield response;
            }
            case "GET /v1/sessions/{id}/shares" -> {
                caller.require(Permission.SHARE_SESSIONS);
                yield shares(tenant, sessionId(event));
            }
            case "DELETE /v1/sessions/{id}/shares/{shareId}" -> {
                caller.require(Permission.SHARE_SESSIONS);
                String sessionId = sessionId(event);
                APIGatewayV2HTTPResponse response = revokeShare(tenant, sessionId, event);
                audit(caller, "share.revoke", "session " + sessionId);
                yield response;
            }
            case "POST /v1/sessions/import" -> {
                caller.require(Permission.IMPORT_SESSIONS);
                yield importRecording(tenant, event);
            }
            case "DELETE /v1/users/{userId}/sessions" -> {
                caller.require(Permission.DELETE_DATA);
                String userId = Requests.pathParameter(event, "userId");
                APIGatewayV2HTTPResponse response = deleteUser(tenant, userId);
                audit(caller, "user_data.delete", "user " + userId);
                yield response;
            }
            default -> throw unknownRoute(routeKey);
        };
    }

    /** The change is recorded once it was made (a refused or failed one is not a change). */
    private void audit(Caller caller, String action, String target) {
        audit.append(caller.change(clock.millis(), action, target, null, null));
    }

    private APIGatewayV2HTTPResponse list(Tenant tenant, APIGatewayV2HTTPEvent event) {
        SessionPage page = reader.list(tenant, parseQuery(event, clock.millis()));
        ObjectNode body = Json.object();
        ArrayNode sessions = body.putArray("sessions");
        page.sessions().forEach(r -> sessions.add(SessionViews.summary(r)));
        body.put("nextCursor", page.nextCursor());
        return Responses.json(200, body);
    }

    private ObjectNode detail(SessionReader.Detail detail) {
        ObjectNode body = SessionViews.summary(detail.record());
        ArrayNode frustrations = body.putArray("frustrations");
        detail.record().state.frustrations().forEach(f -> frustrations.add(SessionViews.frustration(f)));
        ArrayNode chunks = body.putArray("chunks");
        detail.chunks().forEach(c -> chunks.addObject().put("seq", c.seq()).put("url", c.url()));
        body.put("replayUrl", config.consoleUrl() + "/sessions/" + detail.record().sessionId);
        // the stored copies of the assets the session's pages used (docs/ASSETS.md)
        ObjectNode copies = body.putObject("assets");
        assets.storedCopies(detail.tenant(), detail.record()).forEach(copies::put);
        // the player fetches this view again before they expire, as it does when a chunk URL has (docs/ASSETS.md)
        body.put("assetsValidForSeconds", assets.readUrlValidity().toSeconds());
        return body;
    }

    private APIGatewayV2HTTPResponse delete(Tenant tenant, String sessionId) {
        deletion.deleteSession(tenant, sessionId);
        return Responses.noContent();
    }

    private APIGatewayV2HTTPResponse deleteUser(Tenant tenant, String userId) {
        int deleted = deletion.deleteUser(tenant, userId);
        return Responses.json(200, Json.object().put("deletedSessions", deleted));
    }

    private APIGatewayV2HTTPResponse share(Tenant tenant, String sessionId, APIGatewayV2HTTPEvent event) {
        Shares.Share share = shares.create(tenant, sessionId, () -> shareValidity(event));
        return Responses.json(
                201,
                Json.object()
                        .put("url", config.consoleUrl() + "/share/" + share.token())
                        .put("token", share.token())
                        .put("id", share.id())
                        .put("expiresAt", share.expiresAt().toString()));
    }

    private APIGatewayV2HTTPResponse shares(Tenant tenant, String sessionId) {
        ObjectNode body = Json.object();
        ArrayNode links = body.putArray("shares");
        for (ShareLink link : shares.list(tenant, sessionId)) {
            links.addObject()
                    .put("id", link.id())
                    .put(
                            "expiresAt",
                            Instant.ofEpochSecond(link.expiresAtEpochSeconds()).toString());
        }
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse revokeShare(Tenant tenant, String sessionId, APIGatewayV2HTTPEvent event) {
        String shareId = Requests.pathParameter(event, "shareId");
        if (!SHARE_ID.matcher(shareId).matches()) {
            throw ApiException.badRequest(
                    "invalid_share_id", "share ids are " + ShareLink.ID_CHARS + " lowercase hex characters");
        }
        shares.revoke(tenant, sessionId, shareId);
        return Responses.noContent();
    }

    /** {@code {"expiresInHours": n}}, 1 to 720, or the default when the body or the field is missing. */
    private static Duration shareValidity(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null || event.getBody().isBlank()) {
            return Shares.DEFAULT_VALIDITY;
        }
        JsonNode hours = Requests.jsonBody(event).get("expiresInHours");
        if (hours == null) {
            return Shares.DEFAULT_VALIDITY;
        }
        if (!hours.isIntegralNumber() || hours.asLong() < 1 || hours.asLong() > Shares.MAX_VALIDITY.toHours()) {
            throw ApiException.badRequest("invalid_expires_in_hours", "expiresInHours must be from 1 to 720");
        }
        return Duration.ofHours(hours.asLong());
    }

    /** A share link: read-only, no sign-in; refused once expired or when the session is gone. */
    private APIGatewayV2HTTPResponse shared(String token) {
        ObjectNode body = detail(shares.open(token));
        body.remove("replayUrl");
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse importRecording(Tenant tenant, APIGatewayV2HTTPEvent event) {
        JsonNode body = Requests.jsonBody(event);
        String sessionId = importer.importRecording(tenant, body, Requests.header(event, "user-agent"));
        return Responses.json(201, Json.object().put("sessionId", sessionId));
    }

    private static String sessionId(APIGatewayV2HTTPEvent event) {
        String id = Requests.pathParameter(event, "id");
        if (!IngestLimits.SESSION_ID.matcher(id).matches()) {
            throw ApiException.badRequest("invalid_session_id", "session ids match [A-Za-z0-9_-]{16,64}");
        }
        return id;
    }

    static SessionQuery parseQuery(APIGatewayV2HTTPEvent event, long now) {
        List<String> flags = new ArrayList<>();
        String flagParam = Requests.query(event, "flag");
        if (flagParam != null) {
            // API Gateway joins a repeated query parameter with commas
            for (String f : flagParam.split(",", -1)) {
                if (!FrustrationType.codes().contains(f)) {
                    throw ApiException.badRequest(
                            "invalid_flag", "flag must be one of " + String.join(", ", FrustrationType.codes()));
                }
                if (!flags.contains(f)) {
                    flags.add(f);
                }
            }
        }
        long from = time(Requests.query(event, "from"), "from", 0);
        long to = time(Requests.query(event, "to"), "to", now + IngestLimits.MAX_FUTURE_SKEW_MS);
        Long minDuration = null;
        String minDurationParam = Requests.query(event, "minDurationMs");
        if (minDurationParam != null) {
            minDuration = number(minDurationParam, "minDurationMs", 0, Long.MAX_VALUE);
        }
        int limit = SessionQuery.DEFAULT_LIMIT;
        String limitParam = Requests.query(event, "limit");
        if (limitParam != null) {
            limit = (int) number(limitParam, "limit", 1, SessionQuery.MAX_LIMIT);
        }
        String cursor = Requests.query(event, "cursor");
        // present means a group id: an empty errorGroup is refused like any other that is not one
        String errorGroup = Requests.query(event, "errorGroup");
        if (errorGroup != null) {
            if (!ErrorGroups.GROUP_ID.matcher(errorGroup).matches()) {
                throw ApiException.badRequest("invalid_errorGroup", "errorGroup must be a group id: 16 hex digits");
            }
            // a session with an error group has the error flag: its index narrows the read (docs/INSIGHTS.md)
            if (!flags.contains(FrustrationType.ERROR.code())) {
                flags.add(FrustrationType.ERROR.code());
            }
        }
        return new SessionQuery(
                flags,
                from,
                to,
                blankToNull(Requests.query(event, "url")),
                minDuration,
                blankToNull(Requests.query(event, "userId")),
                blankToNull(Requests.query(event, "userIdPrefix")),
                blankToNull(Requests.query(event, "browser")),
                limit,
                blankToNull(cursor),
                errorGroup);
    }

    private static long number(String value, String name, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be an integer from " + min + " to " + max);
        }
    }

    private static long time(String value, String name, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("invalid_" + name, name + " must be an ISO-8601 date or time");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
