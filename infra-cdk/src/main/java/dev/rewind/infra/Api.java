package dev.rewind.infra;

import dev.rewind.http.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
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
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The HTTP API (payload format 2.0): every route of {@link Routes#ALL} on the alias of its function,
 * CORS from {@link Routes.Cors}, and throttles per route so that no one route can run up the bill.
 *
 * <p>Reached only through CloudFront (docs/DEPLOY.md, "One front door"): the distribution sends
 * {@link #ORIGIN_VERIFY_HEADER} with a value generated once into Secrets Manager, and a Lambda
 * authorizer on every route refuses a request without it (401) or with another value (403). API
 * Gateway caches the authorizer's answer per header value, so CloudFront's requests do not invoke it.
 * Access logs are JSON with the route key, never the path or query (share tokens, ingest keys, user ids).
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
            "GET /v1/shares/{token}", new Throttle(20, 40),
            // a page with assets the tenant lacks offers and commits once (docs/ASSETS.md)
            "POST /v1/assets", new Throttle(1000, 1000),
            "POST /v1/assets/commit", new Throttle(200, 400));

    /** The hot path gets per-route CloudWatch metrics: its 5xx rate is alarmed on its own. */
    public static final Routes.Route INGEST_ROUTE = Routes.ALL.stream()
            .filter(r -> r.function().equals(Routes.INGEST) && r.method().equals("POST"))
            .findFirst()
            .orElseThrow();

    public record Throttle(int ratePerSecond, int burst) {}

    /** The header only CloudFront sends to the API; the viewer's own header of that name is overwritten. */
    public static final String ORIGIN_VERIFY_HEADER = "x-rewind-origin-verify";
    /** How long API Gateway keeps the authorizer's answer for one header value. */
    public static final Duration ORIGIN_VERIFY_CACHE = Duration.hours(1);

    static final String ORIGIN_VERIFY_ENV = "ORIGIN_VERIFY";

    /** The authorizer: a constant-time comparison of the header with the expected value. */
    static final String ORIGIN_VERIFIER = """
            const { timingSafeEqual } = require('node:crypto');
            const expected = Buffer.from(process.env.%s || '', 'utf8');
            exports.handler = async (event) => {
              const sent = Buffer.from((event.headers || {})['%s'] || '', 'utf8');
              return { isAuthorized: expected.length > 0 && sent.length === expected.length && timingSafeEqual(sent, expected) };
            };
            """.formatted(ORIGIN_VERIFY_ENV, ORIGIN_VERIFY_HEADER);

    /**
     * One JSON line a request. The route key ({@code GET /v1/shares/{token}}), not the path or the query:
     * those carry share tokens, ingest keys and user ids. No source IP either: behind CloudFront it is the
     * edge's address.
     */
    public static final String ACCESS_LOG_FORMAT =
            "{\"requestId\":\"$context.requestId\",\"time\":\"$context.requestTime\","
                    + "\"method\":\"$context.httpMethod\",\"route\":\"$context.routeKey\",\"status\":\"$context.status\","
                    + "\"responseBytes\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
                    + "\"integrationStatus\":\"$context.integrationStatus\",\"integrationLatencyMs\":\"$context.integrationLatency\","
                    + "\"error\":\"$context.error.message\",\"authorizerError\":\"$context.authorizer.error\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    private final HttpApi httpApi;
    private final HttpStage stage;
    private final Map<String, HttpRoute> routes = new LinkedHashMap<>();
    private final Secret originVerifySecret;
    private final Function originVerifier;
    private final LogGroup accessLogs;

    public Api(Construct scope, String id, Map<Routes.Function, RewindFunction> functions, RetentionDays logRetention) {
        super(scope, id);
        this.originVerifySecret = Secret.Builder.create(this, "OriginVerifySecret")
                .description(
                        "Rewind: the " + ORIGIN_VERIFY_HEADER + " value CloudFront sends to the API (docs/DEPLOY.md)")
                .generateSecretString(SecretStringGenerator.builder()
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .passwordLength(48)
                        .build())
                .build();
        this.originVerifier = originVerifier(logRetention);
        HttpLambdaAuthorizer authorizer = HttpLambdaAuthorizer.Builder.create("OriginVerify", originVerifier)
                .authorizerName("origin-verify")
                .identitySource(List.of("$request.header." + ORIGIN_VERIFY_HEADER))
                .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                .resultsCacheTtl(ORIGIN_VERIFY_CACHE)
                .build();

        this.httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName(Stack.of(this).getStackName() + "-api")
                .description("Rewind API v1: ingest from customers' sites, the console API")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(Routes.Cors.ALLOW_ORIGINS)
                        .allowMethods(Routes.Cors.ALLOW_METHODS.stream()
                                .map(CorsHttpMethod::valueOf)
                                .toList())
                        .allowHeaders(Routes.Cors.ALLOW_HEADERS)
                        .exposeHeaders(Routes.Cors.EXPOSE_HEADERS)
                        .maxAge(Duration.seconds(Routes.Cors.MAX_AGE_SECONDS))
                        .allowCredentials(false)
                        .build())
                .build();

        Map<Routes.Function, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
        for (Routes.Route route : Routes.ALL) {
            HttpLambdaIntegration integration = integrations.computeIfAbsent(
                    route.function(),
                    f -> HttpLambdaIntegration.Builder.create(
                                    f.id() + "Integration", functions.get(f).alias())
                            .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                            .build());
            routes.put(
                    route.routeKey(),
                    HttpRoute.Builder.create(this, "Route" + routeId(route))
                            .httpApi(httpApi)
                            .routeKey(HttpRouteKey.with(route.path(), HttpMethod.valueOf(route.method())))
                            .integration(integration)
                            .authorizer(authorizer)
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
        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(logRetention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        cfnStage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format(ACCESS_LOG_FORMAT)
                .build());
        // A stage's route settings must name routes that already exist.
        for (String routeKey : ROUTE_THROTTLES.keySet()) {
            HttpRoute route = routes.get(routeKey);
            if (route == null) {
                throw new IllegalStateException("A throttle names " + routeKey + ", which is not in Routes.ALL");
            }
            stage.getNode().addDependency(route);
        }
    }

    /** A Node function: no SDK, no dependency, a few milliseconds, and invoked once an hour per value at most. */
    private Function originVerifier(RetentionDays logRetention) {
        LogGroup logs = LogGroup.Builder.create(this, "OriginVerifierLogs")
                .retention(logRetention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, "OriginVerifierRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Rewind origin verifier: writes its own logs, nothing else")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        return Function.Builder.create(this, "OriginVerifier")
                .description("Rewind: lets through only the requests CloudFront sends")
                .runtime(Runtime.NODEJS_24_X)
                .architecture(RewindFunction.ARCHITECTURE)
                .handler("index.handler")
                .code(Code.fromInline(ORIGIN_VERIFIER))
                .memorySize(128)
                .timeout(Duration.seconds(3))
                .role(role)
                .logGroup(logs)
                // resolved by CloudFormation at deploy time; the template holds only the reference
                .environment(Map.of(
                        ORIGIN_VERIFY_ENV, originVerifySecret.getSecretValue().unsafeUnwrap()))
                .build();
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

    /** The API's own endpoint, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com: answers only CloudFront. */
    public String url() {
        return httpApi.getApiEndpoint();
    }

    /** What CloudFront puts in {@link #ORIGIN_VERIFY_HEADER}: a dynamic reference to the secret. */
    public String originVerifyValue() {
        return originVerifySecret.getSecretValue().unsafeUnwrap();
    }

    public Secret originVerifySecret() {
        return originVerifySecret;
    }

    public Function originVerifier() {
        return originVerifier;
    }

    public LogGroup accessLogs() {
        return accessLogs;
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
