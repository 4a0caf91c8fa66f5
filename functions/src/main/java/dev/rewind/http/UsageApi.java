package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.Permission;
import dev.rewind.tenants.Tenant;
import dev.rewind.usage.UsageDay;
import dev.rewind.usage.UsageMeter;

/**
 * {@code GET /v1/usage}: the tenant's plan, the sessions counted against its quota this month, and what
 * it stored day by day (docs/INGEST.md, "Usage"; docs/openapi.yaml).
 */
public final class UsageApi extends ApiHandler {
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 90;

    private final Access access;
    private final UsageMeter usage;

    public UsageApi(Access access, UsageMeter usage) {
        this.access = access;
        this.usage = usage;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        Caller caller = Requests.caller(access, event);
        if (!routeKey.equals("GET /v1/usage")) {
            throw unknownRoute(routeKey);
        }
        caller.require(Permission.VIEW_USAGE);
        Tenant tenant = caller.tenant();
        int days = days(Requests.query(event, "days"));
        ObjectNode body = Json.object();
        body.putObject("plan")
                .put("chunksPerMinute", tenant.plan().chunksPerMinute())
                .put("sessionsPerMonth", tenant.plan().sessionsPerMonth());
        body.put("month", usage.month());
        body.put("sessionsThisMonth", usage.sessionsThisMonth(tenant.tenantId()));
        ArrayNode list = body.putArray("days");
        for (UsageDay day : usage.lastDays(tenant.tenantId(), days)) {
            list.addObject()
                    .put("day", day.day())
                    .put("sessions", day.sessions())
                    .put("chunks", day.chunks())
                    .put("bytes", day.bytes());
        }
        return Responses.json(200, body);
    }

    private static int days(String value) {
        if (value == null) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("invalid_days", "days must be a whole number from 1 to " + MAX_DAYS);
    }
}
