package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.resources;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.rewind.http.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ApiTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void everyRouteInvokesTheHandlerClassTheLocalRunnerUses() {
        // given the route table both the local runner and the CDK app read
        Map<String, Map<String, Object>> routes = ofType(template, "AWS::ApiGatewayV2::Route");

        for (Routes.Route route : Routes.ALL) {
            // when the route is followed: route → integration → alias → function
            Map<String, Object> routeProps = routes.values().stream()
                    .filter(r -> route.routeKey().equals(r.get("RouteKey")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no route " + route.routeKey()));
            String integrationId = integrationOf(routeProps);
            Map<String, Object> integration = properties(integrationId);
            Map<String, Object> alias = properties(target(integration.get("IntegrationUri")));
            Map<String, Object> function = properties(target(alias.get("FunctionName")));

            // then the function's handler is the route's handler class
            assertThat(function.get("Handler"))
                    .as(route.routeKey())
                    .isEqualTo(route.function().handlerClass() + "::handleRequest");
        }
    }

    @Test
    void everyHandlerClassExistsAndIsALambdaHandler() throws ClassNotFoundException {
        for (Routes.Function function : Routes.functions()) {
            assertThat(RequestHandler.class.isAssignableFrom(Class.forName(function.handlerClass())))
                    .as(function.handlerClass())
                    .isTrue();
        }
    }

    @Test
    void theApiHasExactlyTheRoutesOfTheRouteTable() {
        List<Object> routeKeys = ofType(template, "AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> r.get("RouteKey"))
                .toList();

        assertThat(routeKeys)
                .containsExactlyInAnyOrderElementsOf(Routes.ALL.stream()
                        .map(Routes.Route::routeKey)
                        .map(Object.class::cast)
                        .toList());
    }

    @Test
    void integrationsUsePayloadFormat2AndInvokeTheLiveAlias() {
        Map<String, Map<String, Object>> integrations = ofType(template, "AWS::ApiGatewayV2::Integration");

        assertThat(integrations).hasSize((int)
                Routes.ALL.stream().map(Routes.Route::function).distinct().count());
        integrations.values().forEach(integration -> {
            assertThat(integration)
                    .containsEntry("PayloadFormatVersion", "2.0")
                    .containsEntry("IntegrationType", "AWS_PROXY");
            assertThat(resources(template)
                            .get(target(integration.get("IntegrationUri")))
                            .get("Type"))
                    .isEqualTo("AWS::Lambda::Alias");
        });
    }

    @Test
    void corsIsTheOneDefinitionInRoutes() {
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Map.of(
                        "CorsConfiguration",
                        Map.of(
                                "AllowOrigins", Routes.Cors.ALLOW_ORIGINS,
                                "AllowMethods", Routes.Cors.ALLOW_METHODS,
                                "AllowHeaders", Routes.Cors.ALLOW_HEADERS,
                                "ExposeHeaders", Routes.Cors.EXPOSE_HEADERS,
                                "MaxAge", Routes.Cors.MAX_AGE_SECONDS,
                                "AllowCredentials", false)));
    }

    @Test
    void theStageThrottlesEveryRouteAndIngestByItsOwnLimit() {
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName",
                        "$default",
                        "AutoDeploy",
                        true,
                        "DefaultRouteSettings",
                        Map.of(
                                "ThrottlingRateLimit", Api.DEFAULT_THROTTLE.ratePerSecond(),
                                "ThrottlingBurstLimit", Api.DEFAULT_THROTTLE.burst()),
                        "RouteSettings",
                        Match.objectLike(Map.of(
                                "POST /v1/ingest",
                                        Map.of(
                                                "ThrottlingRateLimit", 5000,
                                                "ThrottlingBurstLimit", 5000,
                                                "DetailedMetricsEnabled", true),
                                "POST /v1/signup", Match.objectLike(Map.of("ThrottlingRateLimit", 2))))));
    }

    @Test
    void theStageIsCreatedAfterTheRoutesItsSettingsName() {
        Map<String, Object> stage = resources(template).values().stream()
                .filter(r -> "AWS::ApiGatewayV2::Stage".equals(r.get("Type")))
                .findFirst()
                .orElseThrow();
        List<Object> dependsOn = list(stage.get("DependsOn"));
        Map<String, Map<String, Object>> routes = ofType(template, "AWS::ApiGatewayV2::Route");

        for (String routeKey : Api.ROUTE_THROTTLES.keySet()) {
            String routeId = routes.entrySet().stream()
                    .filter(e -> routeKey.equals(e.getValue().get("RouteKey")))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            assertThat(dependsOn).as(routeKey).contains(routeId);
        }
    }

    private Map<String, Object> properties(String logicalId) {
        return map(resources(template).get(logicalId).get("Properties"));
    }

    /** {@code "Target": {"Fn::Join": ["", ["integrations/", {"Ref": id}]]}} */
    private static String integrationOf(Map<String, Object> route) {
        List<Object> parts = list(list(map(route.get("Target")).get("Fn::Join")).get(1));
        assertThat(parts.get(0)).isEqualTo("integrations/");
        return target(parts.get(1));
    }
}
