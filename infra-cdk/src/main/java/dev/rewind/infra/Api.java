package dev.rewind.infra;

import dev.rewind.http.Routes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API (payload format 2.0): every route of {@link Routes#ALL} on the alias of its function,
 * CORS from {@link Routes.Cors}, and throttles per route so that no one route can run up the bill.
 */
public final class Api extends Construct {
    /** API Gateway's stage that serves at the root of the endpoint (no /stage prefix). */
    public static final String STAGE = "$default";

    /** Any route not listed below: the console API, a few people clicking. */
    public static final Throttle DEFAULT_THROTTLE = new Throttle(100, 200);

    /**
     * Per route. Ingest carries the design load of a tenant with 20,000 concurrent sessions
     * (≈ 4,000 chunk writes/s, docs/ARCHITECTURE.md "Budgets") with headroom, and no more: its key is public in every
     * page, so the limit is also the cost ceiling. Signup and share views need no key at all.
     */
    public static final Map<String, Throttle> ROUTE_THROTTLES = Map.of(
            "POST /v1/ingest", new Throttle(5000, 5000),
            "GET /v1/ingest/config", new Throttle(1000, 1000),
            "POST /v1/signup", new Throttle(2, 10),
            "GET /v1/shares/{token}", new Throttle(20, 40));

    /** The hot path gets per-route CloudWatch metrics: its 5xx rate is alarmed on its own. */
    public static final Routes.Route INGEST_ROUTE = Routes.ALL.stream()
            .filter(r -> r.function().equals(Routes.INGEST) && r.method().equals("POST"))
            .findFirst().orElseThrow();

    public record Throttle(int ratePerSecond, int burst) {}

    private final HttpApi httpApi;
    private final HttpStage stage;
    private final Map<String, HttpRoute> routes = new LinkedHashMap<>();

    public Api(Construct scope, String id, Map<Routes.Function, RewindFunction> functions) {
        super(scope, id);
        this.httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName(Stack.of(this).getStackName() + "-api")
                .description("Rewind API v1: ingest from customers' sites, the console API")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(Routes.Cors.ALLOW_ORIGINS)
                        .allowMethods(Routes.Cors.ALLOW_METHODS.stream().map(CorsHttpMethod::valueOf).toList())
                        .allowHeaders(Routes.Cors.ALLOW_HEADERS)
                        .exposeHeaders(Routes.Cors.EXPOSE_HEADERS)
                        .maxAge(Duration.seconds(Routes.Cors.MAX_AGE_SECONDS))
                        .allowCredentials(false)
                        .build())
                .build();

        Map<Routes.Function, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
        for (Routes.Route route : Routes.ALL) {
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(), f ->
                    HttpLambdaIntegration.Builder.create(f.id() + "Integration", functions.get(f).alias())
                            .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                            .build());
            routes.put(route.routeKey(), HttpRoute.Builder.create(this, "Route" + routeId(route))
                    .httpApi(httpApi)
                    .routeKey(HttpRouteKey.with(route.path(), HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build());
        }

        this.stage = HttpStage.Builder.create(this, "Stage")
                .httpApi(httpApi)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(DEFAULT_THROTTLE.ratePerSecond())
                        .burstLimit(DEFAULT_THROTTLE.burst())
                        .build())
                .build();
        CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
        cfnStage.setRouteSettings(routeSettings());
        // A stage's route settings must name routes that already exist.
        for (String routeKey : ROUTE_THROTTLES.keySet()) {
            HttpRoute route = routes.get(routeKey);
            if (route == null) {
                throw new IllegalStateException("A throttle names " + routeKey + ", which is not in Routes.ALL");
            }
            stage.getNode().addDependency(route);
        }
    }

    private static Map<String, Object> routeSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        ROUTE_THROTTLES.forEach((routeKey, throttle) -> {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("ThrottlingRateLimit", throttle.ratePerSecond());
            route.put("ThrottlingBurstLimit", throttle.burst());
            route.put("DetailedMetricsEnabled", routeKey.equals(INGEST_ROUTE.routeKey()));
            settings.put(routeKey, route);
        });
        return settings;
    }

    /** A CDK id from a route key: {@code POST /v1/sessions/{id}/share} → {@code PostV1SessionsIdShare}. */
    static String routeId(Routes.Route route) {
        StringBuilder id = new StringBuilder();
        for (String part : (route.method().toLowerCase() + "/" + route.path()).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    /** Where browsers send chunks: the API's own endpoint, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com */
    public String url() {
        return httpApi.getApiEndpoint();
    }

    /** The endpoint's host name, for CloudFront's /v1/* origin. */
    public String domainName() {
        return Fn.select(2, Fn.split("/", httpApi.getApiEndpoint()));
    }

    public HttpApi httpApi() {
        return httpApi;
    }

    public HttpStage stage() {
        return stage;
    }

    public List<HttpRoute> routes() {
        return List.copyOf(routes.values());
    }
}
