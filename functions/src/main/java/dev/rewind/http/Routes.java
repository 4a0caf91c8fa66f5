package dev.rewind.http;

import java.util.List;

/**
 * The HTTP API's routes and the Lambda behind each: one definition read by the CDK app (to create the
 * routes and functions) and by the local runner (to dispatch requests to the same handler classes).
 */
public final class Routes {
    private Routes() {}

    /** One Lambda function: its CDK id, the handler class, memory and timeout. */
    public record Function(String id, String handlerClass, int memoryMb, int timeoutSeconds) {}

    /** One route of the HTTP API, in API Gateway's route-key syntax ({@code POST /v1/ingest}). */
    public record Route(String method, String path, Function function) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    // Ingest is the hot path and gets a function of its own (docs/ARCHITECTURE.md, "The parts"); the rest is the
    // console API.
    public static final Function INGEST = new Function("Ingest", "dev.rewind.lambda.IngestHandler", 1024, 10);
    public static final Function SIGNUP = new Function("Signup", "dev.rewind.lambda.SignupHandler", 512, 10);
    public static final Function TENANT = new Function("Tenant", "dev.rewind.lambda.TenantHandler", 512, 10);
    /** People: the signed-in user's organizations, members, invitations and the audit log. */
    public static final Function TEAM = new Function("Team", "dev.rewind.lambda.TeamHandler", 512, 10);

    public static final Function SESSIONS = new Function("Sessions", "dev.rewind.lambda.SessionsHandler", 1024, 29);
    /** The tenant's usage and plan (docs/INGEST.md, "Usage"): a few reads a page view. */
    public static final Function USAGE = new Function("Usage", "dev.rewind.lambda.UsageHandler", 512, 10);
    /** The recorder's asset capture (docs/ASSETS.md): off the ingest path, with a role of its own. */
    public static final Function ASSETS = new Function("Assets", "dev.rewind.lambda.AssetsHandler", 512, 10);
    /** Insights: the views across all of a tenant's sessions (docs/INSIGHTS.md). */
    public static final Function INSIGHTS = new Function("Insights", "dev.rewind.lambda.InsightsHandler", 512, 10);

    public static final List<Route> ALL = List.of(
            new Route("POST", "/v1/signup", SIGNUP),
            new Route("POST", "/v1/ingest", INGEST),
            new Route("GET", "/v1/ingest/config", INGEST),
            new Route("GET", "/v1/tenant", TENANT),
            new Route("PATCH", "/v1/tenant", TENANT),
            new Route("DELETE", "/v1/tenant", TENANT),
            // re-score history (docs/FRUSTRATION.md, "Re-score history"): starts the job on the work queue
            new Route("GET", "/v1/tenant/rescore", TENANT),
            new Route("POST", "/v1/tenant/rescore", TENANT),
            new Route("POST", "/v1/keys/{kind}/rotate", TENANT),
            new Route("GET", "/v1/keys", TENANT),
            new Route("POST", "/v1/keys", TENANT),
            new Route("DELETE", "/v1/keys/{id}", TENANT),
            new Route("POST", "/v1/organizations", SIGNUP),
            new Route("GET", "/v1/me", TEAM),
            new Route("GET", "/v1/members", TEAM),
            new Route("PATCH", "/v1/members/{userId}", TEAM),
            new Route("DELETE", "/v1/members/{userId}", TEAM),
            new Route("GET", "/v1/invitations", TEAM),
            new Route("POST", "/v1/invitations", TEAM),
            new Route("DELETE", "/v1/invitations/{id}", TEAM),
            new Route("POST", "/v1/invitations/accept", TEAM),
            new Route("GET", "/v1/audit", TEAM),
            new Route("GET", "/v1/sessions", SESSIONS),
            new Route("POST", "/v1/sessions/import", SESSIONS),
            new Route("GET", "/v1/sessions/{id}", SESSIONS),
            new Route("DELETE", "/v1/sessions/{id}", SESSIONS),
            new Route("POST", "/v1/sessions/{id}/share", SESSIONS),
            new Route("GET", "/v1/sessions/{id}/shares", SESSIONS),
            new Route("DELETE", "/v1/sessions/{id}/shares/{shareId}", SESSIONS),
            new Route("GET", "/v1/shares/{token}", SESSIONS),
            new Route("DELETE", "/v1/users/{userId}/sessions", SESSIONS),
            // usage and limits
            new Route("GET", "/v1/usage", USAGE),
            // asset capture (docs/ASSETS.md)
            new Route("POST", "/v1/assets", ASSETS),
            new Route("POST", "/v1/assets/commit", ASSETS),
            // insights (docs/INSIGHTS.md)
            new Route("GET", "/v1/insights/hotspots", INSIGHTS),
            new Route("GET", "/v1/insights/errors", INSIGHTS),
            new Route("GET", "/v1/insights/errors/{groupId}", INSIGHTS),
            new Route("PATCH", "/v1/insights/errors/{groupId}", INSIGHTS));

    /**
     * Runs on a schedule (EventBridge): deletes sessions past their tenant's retention, planned as one
     * work message per tenant that {@link #SCHEDULED_WORK} handles (docs/SCALE.md, "Fan-out").
     */
    public static final Function RETENTION_SWEEP =
            new Function("RetentionSweep", "dev.rewind.lambda.PlanRetentionSweepHandler", 1024, 900);
    /** Runs on a schedule (EventBridge): finishes sessions that had no chunk for 30 minutes, planned as the sweep is. */
    public static final Function FINISH_IDLE_SESSIONS =
            new Function("FinishIdleSessions", "dev.rewind.lambda.PlanIdleSessionsHandler", 1024, 300);
    /** Reads the work queue (SQS): one tenant's part of a scheduled job a message, or the planner's continuation. */
    public static final Function SCHEDULED_WORK =
            new Function("ScheduledWork", "dev.rewind.lambda.ScheduledWorkHandler", 1024, 120);
    /** Reads the sessions table's stream: deletes the chunks of items that DynamoDB TTL removed. */
    public static final Function SESSION_EXPIRY =
            new Function("SessionExpiry", "dev.rewind.lambda.SessionExpiryHandler", 512, 60);

    /** Every API function (one per concern), then the background ones. */
    public static List<Function> functions() {
        List<Function> all = new java.util.ArrayList<>(
                ALL.stream().map(Route::function).distinct().toList());
        all.add(RETENTION_SWEEP);
        all.add(FINISH_IDLE_SESSIONS);
        all.add(SCHEDULED_WORK);
        all.add(SESSION_EXPIRY);
        return List.copyOf(all);
    }

    /**
     * CORS as API Gateway applies it to every route: any origin (the recorder runs on customers'
     * sites; ingest checks the tenant's allowed origins itself), no cookies, bearer tokens only.
     */
    public static final class Cors {
        public static final List<String> ALLOW_ORIGINS = List.of("*");
        public static final List<String> ALLOW_METHODS = List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS");
        public static final List<String> ALLOW_HEADERS = List.of("authorization", "content-type", "x-rewind-tenant");
        public static final List<String> EXPOSE_HEADERS = List.of("retry-after");
        public static final int MAX_AGE_SECONDS = 7200;

        private Cors() {}
    }
}
