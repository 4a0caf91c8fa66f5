package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.insights.Insights;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.Permission;
import java.time.Instant;
import java.util.List;

/** The insights routes (docs/INSIGHTS.md): where users struggle across all of a tenant's sessions. */
public final class InsightsApi extends ApiHandler {
    private final Access access;
    private final Insights insights;

    public InsightsApi(Access access, Insights insights) {
        this.access = access;
        this.insights = insights;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        Caller caller = Requests.caller(access, event);
        if ("GET /v1/insights/hotspots".equals(routeKey)) {
            caller.require(Permission.VIEW_INSIGHTS);
            return Responses.json(200, view(insights.hotspots(caller.tenant(), days(event))));
        }
        throw unknownRoute(routeKey);
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
