package dev.rewind.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.http.ApiException;
import dev.rewind.http.ApiHandler;
import dev.rewind.http.Requests;
import dev.rewind.http.Responses;
import dev.rewind.ingest.Importer;
import dev.rewind.ingest.IngestLimits;
import dev.rewind.retention.SessionEraser;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.teams.Caller;
import dev.rewind.teams.Permission;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The console's session routes: list, detail, delete, user deletion, import and share links. */
public final class SessionsHandler extends ApiHandler {
    static final List<String> FLAGS = List.of("rage_click", "dead_click", "error_click", "error");
    static final Duration DEFAULT_SHARE = Duration.ofDays(7);
    static final Duration MAX_SHARE = Duration.ofDays(30);

    private final Rewind rewind;

    public SessionsHandler() {
        this(Rewind.shared());
    }

    public SessionsHandler(Rewind rewind) {
        this.rewind = rewind;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        if ("GET /v1/shares/{token}".equals(routeKey)) {
            return shared(Requests.pathParameter(event, "token"));
        }
        Caller caller = Requests.caller(rewind.access, event);
        Tenant tenant = caller.tenant();
        return switch (routeKey) {
            case "GET /v1/sessions" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield list(tenant, event);
            }
            case "GET /v1/sessions/{id}" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield Responses.json(200, detail(tenant, sessionId(event)));
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
        rewind.audit.append(caller.change(rewind.clock.millis(), action, target, null, null));
    }

    private APIGatewayV2HTTPResponse list(Tenant tenant, APIGatewayV2HTTPEvent event) {
        SessionQuery query = parseQuery(event, rewind.clock.millis());
        SessionPage page = rewind.sessions.list(tenant.tenantId(), query, retentionEdge(tenant));
        ObjectNode body = Json.object();
        ArrayNode sessions = body.putArray("sessions");
        page.sessions().forEach(r -> sessions.add(SessionViews.summary(r)));
        body.put("nextCursor", page.nextCursor());
        return Responses.json(200, body);
    }

    private ObjectNode detail(Tenant tenant, String sessionId) {
        SessionRecord record = visible(tenant, sessionId)
                .orElseThrow(() -> Refused.notFound("session"));
        ObjectNode body = SessionViews.summary(record);
        ArrayNode frustrations = body.putArray("frustrations");
        record.state.frustrations().forEach(f -> frustrations.add(SessionViews.frustration(f)));
        ArrayNode chunks = body.putArray("chunks");
        Duration validFor = Duration.ofSeconds(ChunkBucket.CHUNK_URL_SECONDS);
        for (int seq : record.seqs.headSet(record.processedThrough, true)) {
            chunks.addObject().put("seq", seq)
                    .put("url", rewind.chunks.url(tenant.tenantId(), sessionId, seq, validFor));
        }
        body.put("replayUrl", rewind.config.consoleUrl() + "/sessions/" + sessionId);
        return body;
    }

    /** The session if it exists, has started and is inside the tenant's current retention. */
    private Optional<SessionRecord> visible(Tenant tenant, String sessionId) {
        return rewind.sessions.load(tenant.tenantId(), sessionId)
                .filter(SessionRecord::isListed)
                .filter(r -> r.state.startedAt() >= retentionEdge(tenant));
    }

    private long retentionEdge(Tenant tenant) {
        return tenant.visibleFrom(rewind.clock.millis());
    }

    private APIGatewayV2HTTPResponse delete(Tenant tenant, String sessionId) {
        if (rewind.sessions.load(tenant.tenantId(), sessionId).isEmpty()) {
            throw Refused.notFound("session");
        }
        deleteSession(tenant.tenantId(), sessionId);
        return Responses.noContent();
    }

    /**
     * Chunks first, then the index entry if it did not change meanwhile (a live session's chunk landing
     * mid-delete is erased too): the same eraser the retention sweep uses.
     */
    private void deleteSession(String tenantId, String sessionId) {
        var erasure = new SessionEraser(rewind.chunks, rewind.sessions).erase(tenantId, sessionId);
        Log.info("session_deleted", "tenantId", tenantId, "chunks", erasure.chunks());
    }

    private APIGatewayV2HTTPResponse deleteUser(Tenant tenant, String userId) {
        int deleted = 0;
        String cursor = null;
        do {
            SessionQuery query = new SessionQuery(List.of(), 0, Long.MAX_VALUE / 2, null, null, userId, null,
                    SessionQuery.MAX_LIMIT, cursor);
            SessionPage page = rewind.sessions.list(tenant.tenantId(), query, 0);
            for (SessionRecord r : page.sessions()) {
                deleteSession(tenant.tenantId(), r.sessionId);
                deleted++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Responses.json(200, Json.object().put("deletedSessions", deleted));
    }

    private APIGatewayV2HTTPResponse share(Tenant tenant, String sessionId, APIGatewayV2HTTPEvent event) {
        visible(tenant, sessionId).orElseThrow(() -> Refused.notFound("session"));
        Duration validFor = DEFAULT_SHARE;
        if (event.getBody() != null && !event.getBody().isBlank()) {
            JsonNode hours = Requests.jsonBody(event).get("expiresInHours");
            if (hours != null) {
                if (!hours.isIntegralNumber() || hours.asLong() < 1 || hours.asLong() > MAX_SHARE.toHours()) {
                    throw ApiException.badRequest("invalid_expires_in_hours", "expiresInHours must be from 1 to 720");
                }
                validFor = Duration.ofHours(hours.asLong());
            }
        }
        String token = Keys.newKey(KeyKind.SHARE);
        Instant expiresAt = rewind.clock.instant().plus(validFor);
        rewind.tenants.putShare(Keys.hash(token), tenant.tenantId(), sessionId, expiresAt.getEpochSecond());
        return Responses.json(201, Json.object()
                .put("url", rewind.config.consoleUrl() + "/share/" + token)
                .put("token", token)
                .put("expiresAt", expiresAt.toString()));
    }

    /** A share link: read-only, no sign-in; refused once expired or when the session is gone. */
    private APIGatewayV2HTTPResponse shared(String token) {
        KeyGrant grant = rewind.tenants.findKey(Keys.hash(token))
                .filter(g -> g.kind() == KeyKind.SHARE)
                .filter(g -> g.expiresAtEpochSeconds() > rewind.clock.instant().getEpochSecond())
                .orElseThrow(() -> Refused.notFound("share link"));
        Tenant tenant = rewind.tenants.find(grant.tenantId()).orElseThrow(() -> Refused.notFound("share link"));
        ObjectNode body = detail(tenant, grant.sessionId());
        body.remove("replayUrl");
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse importRecording(Tenant tenant, APIGatewayV2HTTPEvent event) {
        JsonNode body = Requests.jsonBody(event);
        String sessionId = Importer.importRecording(rewind, tenant, body, Requests.header(event, "user-agent"));
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
                if (!FLAGS.contains(f)) {
                    throw ApiException.badRequest("invalid_flag", "flag must be one of " + String.join(", ", FLAGS));
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
        return new SessionQuery(flags, from, to, blankToNull(Requests.query(event, "url")), minDuration,
                blankToNull(Requests.query(event, "userId")), blankToNull(Requests.query(event, "browser")),
                limit, blankToNull(cursor));
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
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("invalid_" + name, name + " must be an ISO-8601 date or time");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
