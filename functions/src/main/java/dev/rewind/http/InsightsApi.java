package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Refused;
import dev.rewind.insights.ErrorGroup;
import dev.rewind.insights.ErrorGroups;
import dev.rewind.insights.Insights;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.Permission;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The insights routes (docs/INSIGHTS.md): where users struggle across all of a tenant's sessions, and the
 * JavaScript errors grouped, with the sessions that hit them (members read; admins change a group's status,
 * audited).
 */
public final class InsightsApi extends ApiHandler {
    private final Access access;
    private final Insights insights;
    private final ErrorGroups errorGroups;
    private final AuditLog audit;
    private final Clock clock;

    public InsightsApi(Access access, Insights insights, ErrorGroups errorGroups, AuditLog audit, Clock clock) {
        this.access = access;
        this.insights = insights;
        this.errorGroups = errorGroups;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        Caller caller = Requests.caller(access, event);
        if ("GET /v1/insights/hotspots".equals(routeKey)) {
            caller.require(Permission.VIEW_INSIGHTS);
            return Responses.json(200, view(insights.hotspots(caller.tenant(), days(event))));
        }
        switch (routeKey) {
            case "GET /v1/insights/errors" -> {
                caller.require(Permission.VIEW_INSIGHTS);
                return Responses.json(200, errorsView(errorGroups.list(caller.tenant(), days(event))));
            }
            case "GET /v1/insights/errors/{groupId}" -> {
                caller.require(Permission.VIEW_INSIGHTS);
                int days = days(event);
                ErrorGroups.Detail detail = errorGroups
                        .detail(caller.tenant(), Requests.pathParameter(event, "groupId"), days)
                        .orElseThrow(() -> Refused.notFound("error group"));
                return Responses.json(200, detailView(detail, days));
            }
            case "PATCH /v1/insights/errors/{groupId}" -> {
                caller.require(Permission.CHANGE_SETTINGS);
                return changeStatus(caller, Requests.pathParameter(event, "groupId"), Requests.jsonBody(event));
            }
            default -> throw unknownRoute(routeKey);
        }
    }

    /** {@code {"status":"resolved"|"ignored"|"open"}}; audited with the status before and after. */
    private APIGatewayV2HTTPResponse changeStatus(Caller caller, String groupId, JsonNode body) {
        JsonNode field = body == null ? null : body.get("status");
        ErrorGroup.Status status = field != null && field.isTextual() ? ErrorGroup.Status.ofCode(field.asText()) : null;
        if (status == null) {
            throw ApiException.badRequest("invalid_status", "status must be resolved, ignored or open");
        }
        ErrorGroups.StatusChange change = errorGroups
                .setStatus(caller.tenant(), groupId, status)
                .orElseThrow(() -> Refused.notFound("error group"));
        ErrorGroup after = change.after();
        audit.append(caller.change(
                clock.millis(),
                "error_group.status",
                "error group " + groupId,
                Json.write(Json.object().put("status", change.before().view())),
                Json.write(Json.object().put("status", after.view()))));
        ObjectNode view = Json.object().put("groupId", groupId).put("status", after.view());
        if (after.resolvedAt() != null) {
            view.put("resolvedAt", Instant.ofEpochMilli(after.resolvedAt()).toString());
        }
        return Responses.json(200, view);
    }

    private static ObjectNode errorsView(ErrorGroups.View view) {
        ObjectNode body = Json.object()
                .put("days", view.days())
                .put("from", view.from().toString())
                .put("to", view.to().toString());
        ArrayNode groups = body.putArray("groups");
        view.groups().forEach(row -> groups.add(errorRow(row)));
        return body;
    }

    private static ObjectNode errorRow(ErrorGroups.Row row) {
        ObjectNode node = Json.object()
                .put("groupId", row.groupId())
                .put("message", java.util.Objects.requireNonNullElse(row.message(), ""))
                .put("status", row.status())
                .put("occurrences", row.occurrences())
                .put("sessions", row.sessions())
                .put("users", row.users())
                .put("firstSeen", Instant.ofEpochMilli(row.firstSeen()).toString())
                .put("lastSeen", Instant.ofEpochMilli(row.lastSeen()).toString());
        if (row.resolvedAt() != null) {
            node.put("resolvedAt", Instant.ofEpochMilli(row.resolvedAt()).toString());
        }
        ObjectNode browsers = node.putObject("browsers");
        new java.util.TreeMap<>(row.browsers()).forEach(browsers::put);
        ArrayNode series = node.putArray("series");
        row.series().forEach(series::add);
        return node;
    }

    private static ObjectNode detailView(ErrorGroups.Detail detail, int days) {
        ObjectNode body = Json.object().put("days", days);
        ObjectNode group = errorRow(detail.row());
        if (detail.stack() != null) {
            group.put("stack", detail.stack());
        }
        body.set("group", group);
        ArrayNode sessions = body.putArray("sessions");
        for (ErrorGroups.Hit hit : detail.sessions()) {
            ObjectNode s = sessions.addObject()
                    .put("sessionId", hit.sessionId())
                    .put("timestamp", Instant.ofEpochMilli(hit.at()).toString())
                    .put("offsetMs", hit.offsetMs())
                    .put("startedAt", Instant.ofEpochMilli(hit.startedAt()).toString())
                    .put("durationMs", hit.durationMs());
            if (hit.userId() != null) {
                s.put("userId", hit.userId());
            }
            if (hit.browser() != null) {
                s.put("browser", hit.browser());
            }
        }
        return body;
    }

    /** {@code days}: 7 (the default) or 30. */
    private static int days(APIGatewayV2HTTPEvent event) {
        String days = Requests.query(event, "days");
        if (days == null || days.isBlank()) {
            return Insights.PERIODS.get(0);
        }
        for (int period : Insights.PERIODS) {
            if (String.valueOf(period).equals(days)) {
                return period;
            }
        }
        throw ApiException.badRequest("invalid_days", "days must be 7 or 30");
    }

    private static ObjectNode view(Insights.View view) {
        ObjectNode body = Json.object()
                .put("days", view.days())
                .put("from", view.from().toString())
                .put("to", view.to().toString());
        rows(body.putArray("elements"), view.elements());
        rows(body.putArray("pages"), view.pages());
        return body;
    }

    private static void rows(ArrayNode array, List<Insights.Row> rows) {
        for (Insights.Row row : rows) {
            ObjectNode node = array.addObject().put("page", row.page());
            if (row.selector() != null) {
                node.put("selector", row.selector());
            }
            node.put("rageClicks", row.rageClicks())
                    .put("deadClicks", row.deadClicks())
                    .put("errorClicks", row.errorClicks())
                    .put("quickBacks", row.quickBacks())
                    .put("excessiveScrolls", row.excessiveScrolls())
                    .put("formAbandonments", row.formAbandonments())
                    .put("errors", row.errors())
                    .put("sessions", row.sessions())
                    .put("users", row.users())
                    .put("previousSessions", row.previousSessions())
                    .put("change", row.sessions() - row.previousSessions());
            ArrayNode replays = node.putArray("replays");
            for (Insights.Replay r : row.replays()) {
                ObjectNode replay = replays.addObject()
                        .put("sessionId", r.sessionId())
                        .put("timestamp", Instant.ofEpochMilli(r.at()).toString())
                        .put("offsetMs", r.offsetMs())
                        .put("startedAt", Instant.ofEpochMilli(r.startedAt()).toString())
                        .put("durationMs", r.durationMs());
                if (r.userId() != null) {
                    replay.put("userId", r.userId());
                }
            }
        }
    }
}
