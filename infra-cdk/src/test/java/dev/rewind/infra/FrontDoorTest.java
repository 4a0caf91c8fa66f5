package dev.rewind.infra;

import static dev.rewind.infra.EdgeFirewallTest.distributionConfig;
import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.common.RewindConfig;
import dev.rewind.http.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** One front door: everything on the distribution's origin, the API reachable only through it. */
class FrontDoorTest {
    private final Template template = Stacks.deployedTemplate();

    @Test
    void snippetConsoleAndShareLinksUseTheDistributionNotTheExecuteApiHost() {
        for (Routes.Function definition : Routes.functions()) {
            Map<String, Object> variables =
                    map(map(FunctionsTest.function(template, definition).get("Environment"))
                            .get("Variables"));

            assertThat(variables.get(RewindConfig.ENV_PUBLIC_API_URL))
                    .as(definition.id())
                    .isEqualTo(distributionOrigin());
            assertThat(variables.get(RewindConfig.ENV_CONSOLE_URL))
                    .as(definition.id())
                    .isEqualTo(distributionOrigin());
            List<Object> sdk =
                    list(list(map(variables.get(RewindConfig.ENV_SDK_URL)).get("Fn::Join"))
                            .get(1));
            assertThat(sdk.get(0)).isEqualTo("https://");
            assertThat(target(sdk.get(1))).startsWith("ConsoleCdn");
            assertThat(String.valueOf(variables)).doesNotContain("ApiEndpoint");
        }
    }

    @Test
    void withACustomDomainEveryPublicUrlIsOnIt() {
        Template domain = Stacks.customDomainTemplate();
        for (Routes.Function definition : Routes.functions()) {
            Map<String, Object> variables =
                    map(map(FunctionsTest.function(domain, definition).get("Environment"))
                            .get("Variables"));

            assertThat(variables.get(RewindConfig.ENV_PUBLIC_API_URL)).isEqualTo("https://" + Stacks.DOMAIN_NAME);
            assertThat(variables.get(RewindConfig.ENV_CONSOLE_URL)).isEqualTo("https://" + Stacks.DOMAIN_NAME);
            assertThat(variables.get(RewindConfig.ENV_SDK_URL))
                    .isEqualTo("https://" + Stacks.DOMAIN_NAME + "/sdk/v" + Stacks.SDK_VERSION + "/rewind.js");
        }
    }

    @Test
    void theConsolesCspAllowsTheApiBecauseItIsTheConsolesOwnOrigin() {
        // the console calls /v1/* on the origin it was loaded from: 'self', with or without a custom domain
        for (Template each : List.of(template, Stacks.customDomainTemplate())) {
            String csp = String.valueOf(ofType(each, "AWS::CloudFront::ResponseHeadersPolicy").values().stream()
                    .map(p -> map(p.get("ResponseHeadersPolicyConfig")))
                    .filter(c -> ((String) c.get("Comment")).startsWith("Rewind console"))
                    .findFirst()
                    .orElseThrow()
                    .get("SecurityHeadersConfig"));

            assertThat(csp).contains("connect-src 'self' ").doesNotContain("execute-api");
        }
    }

    @Test
    void aCustomDomainGetsItsCertificateAndTls12AtLeast() {
        Map<String, Object> config = distributionConfig(Stacks.customDomainTemplate());

        assertThat(config.get("Aliases")).isEqualTo(List.of(Stacks.DOMAIN_NAME));
        assertThat(map(config.get("ViewerCertificate")))
                .containsEntry("AcmCertificateArn", Stacks.CERTIFICATE_ARN)
                .containsEntry("MinimumProtocolVersion", "TLSv1.2_2021")
                .containsEntry("SslSupportMethod", "sni-only");
    }

    @Test
    void withoutACustomDomainCloudFrontsOwnNameAndCertificateServe() {
        Map<String, Object> config = distributionConfig(template);

        assertThat(config).doesNotContainKeys("Aliases", "ViewerCertificate");
    }

    @Test
    void chunkReadsAreAllowedFromBothOriginsTheConsoleIsServedOn() {
        Map<String, Object> chunks = ofType(Stacks.customDomainTemplate(), "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> e.getKey().startsWith("StorageChunks"))
                .findFirst()
                .orElseThrow()
                .getValue();
        List<Object> origins = list(
                map(list(map(chunks.get("CorsConfiguration")).get("CorsRules")).get(0))
                        .get("AllowedOrigins"));

        assertThat(origins).hasSize(2).first().isEqualTo("https://" + Stacks.DOMAIN_NAME);
        assertThat(target(list(list(map(origins.get(1)).get("Fn::Join")).get(1)).get(1)))
                .startsWith("ConsoleCdn");
    }

    @Test
    void cloudFrontSendsTheOriginSecretToTheApi() {
        Map<String, Object> apiOrigin = list(distributionConfig(template).get("Origins")).stream()
                .map(Stacks::map)
                .filter(o -> o.containsKey("CustomOriginConfig"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> header =
                map(list(apiOrigin.get("OriginCustomHeaders")).get(0));

        assertThat(header.get("HeaderName")).isEqualTo(Api.ORIGIN_VERIFY_HEADER);
        // a dynamic reference resolved by CloudFormation: the template never holds the value
        List<Object> value =
                list(list(map(header.get("HeaderValue")).get("Fn::Join")).get(1));
        assertThat(value.get(0)).isEqualTo("{{resolve:secretsmanager:");
        assertThat(target(value.get(1))).startsWith("ApiOriginVerifySecret");
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "GenerateSecretString",
                        Map.of("ExcludePunctuation", true, "IncludeSpace", false, "PasswordLength", 48)));
    }

    @Test
    void everyRouteIsBehindTheOriginVerifierWhoseAnswerIsCached() {
        Map<String, Map<String, Object>> authorizers = ofType(template, "AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.keySet().iterator().next();
        Map<String, Object> authorizer = authorizers.get(authorizerId);

        assertThat(authorizer)
                .containsEntry("AuthorizerType", "REQUEST")
                .containsEntry("EnableSimpleResponses", true)
                .containsEntry("IdentitySource", List.of("$request.header." + Api.ORIGIN_VERIFY_HEADER))
                .containsEntry("AuthorizerResultTtlInSeconds", 3600);
        assertThat(ofType(template, "AWS::ApiGatewayV2::Route"))
                .hasSize(Routes.ALL.size())
                .allSatisfy((id, route) -> assertThat(route)
                        .as(id)
                        .containsEntry("AuthorizationType", "CUSTOM")
                        .containsEntry("AuthorizerId", Map.of("Ref", authorizerId)));
    }

    @Test
    void theOriginVerifierLetsThroughOnlyTheExactValue() throws Exception {
        assertThat(verify("s3cr3t-value", "s3cr3t-value")).isEqualTo("true");
        assertThat(verify("s3cr3t-value", "s3cr3t-valuf")).isEqualTo("false");
        assertThat(verify("s3cr3t-value", "s3cr3t")).isEqualTo("false");
        assertThat(verify("s3cr3t-value", null)).isEqualTo("false");
        // an unset value (a broken deploy) lets nothing through, not everything
        assertThat(verify("", "")).isEqualTo("false");
    }

    @Test
    void theOriginVerifierIsGivenTheSecretByReference() {
        Map<String, Object> verifier = ofType(template, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApiOriginVerifier"))
                .findFirst()
                .orElseThrow()
                .getValue();
        Object value = map(map(verifier.get("Environment")).get("Variables")).get(Api.ORIGIN_VERIFY_ENV);

        assertThat(map(verifier.get("Code")).get("ZipFile")).isEqualTo(Api.ORIGIN_VERIFIER);
        assertThat(list(list(map(value).get("Fn::Join")).get(1)).get(0)).isEqualTo("{{resolve:secretsmanager:");
    }

    private static Object distributionOrigin() {
        String cdn = ofType(Stacks.deployedTemplate(), "AWS::CloudFront::Distribution")
                .keySet()
                .iterator()
                .next();
        return Map.of("Fn::Join", List.of("", List.of("https://", Map.of("Fn::GetAtt", List.of(cdn, "DomainName")))));
    }

    /** Runs the authorizer's code in node (Lambda's Node runtime is node) on a request with {@code sent}. */
    private static String verify(String expected, String sent) throws IOException, InterruptedException {
        String headers = sent == null ? "{}" : "{'" + Api.ORIGIN_VERIFY_HEADER + "':'" + sent + "'}";
        String script = Api.ORIGIN_VERIFIER + "\nexports.handler({headers:" + headers
                + "}).then(r => process.stdout.write(String(r.isAuthorized)));";
        ProcessBuilder builder = new ProcessBuilder("node", "-e", script).redirectErrorStream(true);
        builder.environment().put(Api.ORIGIN_VERIFY_ENV, expected);
        Process node = builder.start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(out).isZero();
        return out;
    }
}
