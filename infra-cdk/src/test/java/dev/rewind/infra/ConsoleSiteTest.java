package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ConsoleSiteTest {
    /** CloudFront's managed policies, by their fixed ids. */
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    private static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private final Template template = Stacks.deployedTemplate();

    @Test
    void cloudFrontReadsThePrivateBucketWithOriginAccessControl() {
        template.hasResourceProperties(
                "AWS::CloudFront::OriginAccessControl",
                Map.of(
                        "OriginAccessControlConfig",
                        Match.objectLike(Map.of(
                                "OriginAccessControlOriginType",
                                "s3",
                                "SigningBehavior",
                                "always",
                                "SigningProtocol",
                                "sigv4"))));
        template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Allow",
                                        "Action",
                                        "s3:GetObject",
                                        "Principal",
                                        Map.of("Service", "cloudfront.amazonaws.com"),
                                        "Condition",
                                        Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue())))))))));
    }

    @Test
    void consolePagesCarryCspHstsFrameAndSniffingHeaders() {
        Map<String, Object> headers = securityHeadersOf("Rewind console");

        assertThat(joined(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy")))
                .contains(
                        "script-src 'self'",
                        "frame-ancestors 'none'",
                        "object-src 'none'",
                        "connect-src 'self' https://*.s3.");
        assertThat(headers.get("StrictTransportSecurity"))
                .isEqualTo(Map.of("AccessControlMaxAgeSec", 63072000, "IncludeSubdomains", true, "Override", true));
        assertThat(headers.get("FrameOptions")).isEqualTo(Map.of("FrameOption", "DENY", "Override", true));
        assertThat(headers.get("ContentTypeOptions")).isEqualTo(Map.of("Override", true));
        assertThat(headers.get("ReferrerPolicy"))
                .isEqualTo(Map.of("ReferrerPolicy", "strict-origin-when-cross-origin", "Override", true));
    }

    @Test
    void consoleRoutesAreServedTheAppShellAndFilesAreNot() throws Exception {
        // given the function CloudFront runs on every console request
        Map<String, Object> function = ofType(template, "AWS::CloudFront::Function")
                .values()
                .iterator()
                .next();
        String code = (String) function.get("FunctionCode");

        // when it sees these paths, then
        assertThat(route(code, "/sessions/abc123")).isEqualTo("/index.html");
        assertThat(route(code, "/")).isEqualTo("/index.html");
        assertThat(route(code, "/share/token")).isEqualTo("/index.html");
        assertThat(route(code, "/assets/app.js")).isEqualTo("/assets/app.js");
        assertThat(route(code, "/index.html")).isEqualTo("/index.html");
    }

    @Test
    void theAppShellIsServedByAFunctionNotByErrorPagesThatWouldHideApiErrors() {
        Map<String, Object> config = distributionConfig();

        assertThat(config).doesNotContainKey("CustomErrorResponses");
        assertThat(list(map(config.get("DefaultCacheBehavior")).get("FunctionAssociations")))
                .singleElement()
                .satisfies(a -> assertThat(map(a)).containsEntry("EventType", "viewer-request"));
    }

    @Test
    void apiCallsFromTheConsoleGoToTheApiUncachedWithTheirAuthorization() {
        Map<String, Object> api = behavior(ConsoleSite.API_PATH);

        assertThat(api)
                .containsEntry("CachePolicyId", CACHING_DISABLED)
                .containsEntry("OriginRequestPolicyId", ALL_VIEWER_EXCEPT_HOST_HEADER)
                .containsEntry("ViewerProtocolPolicy", "https-only");
        assertThat(list(api.get("AllowedMethods"))).contains("POST", "PATCH", "DELETE");
    }

    @Test
    void theRecorderIsServedToAnyOriginWithCors() {
        Map<String, Object> sdk = behavior(ConsoleSite.SDK_PATH + "*");

        assertThat(sdk.get("ViewerProtocolPolicy")).isEqualTo("redirect-to-https");
        template.hasResourceProperties(
                "AWS::CloudFront::ResponseHeadersPolicy",
                Map.of(
                        "ResponseHeadersPolicyConfig",
                        Match.objectLike(Map.of(
                                "CorsConfig",
                                Match.objectLike(Map.of(
                                        "AccessControlAllowOrigins",
                                        Map.of("Items", List.of("*")),
                                        "AccessControlAllowCredentials",
                                        false))))));
    }

    @Test
    void theRecorderIsDeployedUnderItsVersionWithImmutableCaching() {
        template.hasResourceProperties(
                "Custom::CDKBucketDeployment",
                Match.objectLike(Map.of(
                        "DestinationBucketKeyPrefix",
                        "sdk/v" + Stacks.SDK_VERSION + "/",
                        "SystemMetadata",
                        Map.of("cache-control", ConsoleSite.SDK_CACHE_CONTROL),
                        "Prune",
                        false)));
    }

    @Test
    void theConsoleIsDeployedRevalidatedAndNeverPrunesTheRecorder() {
        template.hasResourceProperties(
                "Custom::CDKBucketDeployment",
                Match.objectLike(Map.of(
                        "Exclude", List.of("sdk/*"),
                        "SystemMetadata", Map.of("cache-control", ConsoleSite.CONSOLE_CACHE_CONTROL))));
    }

    @Test
    void aFreshCloneSynthesizesWithoutDeployingUnbuiltFiles() {
        Stacks.freshCloneTemplate().resourceCountIs("Custom::CDKBucketDeployment", 0);
        Stacks.freshCloneTemplate().resourceCountIs("AWS::CloudFront::Distribution", 1);
    }

    private Map<String, Object> distributionConfig() {
        return map(ofType(template, "AWS::CloudFront::Distribution")
                .values()
                .iterator()
                .next()
                .get("DistributionConfig"));
    }

    private Map<String, Object> behavior(String pathPattern) {
        return list(distributionConfig().get("CacheBehaviors")).stream()
                .map(Stacks::map)
                .filter(b -> pathPattern.equals(b.get("PathPattern")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no behavior for " + pathPattern));
    }

    private Map<String, Object> securityHeadersOf(String commentPrefix) {
        return ofType(template, "AWS::CloudFront::ResponseHeadersPolicy").values().stream()
                .map(p -> map(p.get("ResponseHeadersPolicyConfig")))
                .filter(c -> ((String) c.get("Comment")).startsWith(commentPrefix))
                .map(c -> map(c.get("SecurityHeadersConfig")))
                .findFirst()
                .orElseThrow();
    }

    /** A CSP with the region in it is an {@code Fn::Join}; its literal parts are what is asserted on. */
    private static String joined(Object value) {
        if (value instanceof String s) {
            return s;
        }
        StringBuilder text = new StringBuilder();
        for (Object part : list(list(map(value).get("Fn::Join")).get(1))) {
            text.append(part instanceof String s ? s : "${token}");
        }
        return text.toString();
    }

    /** Runs the CloudFront Function's code in node (the same JavaScript) on one request. */
    private static String route(String code, String uri) throws IOException, InterruptedException {
        String script = code + "\nprocess.stdout.write(handler({request:{uri:" + "'" + uri + "'" + "}}).uri);";
        Process node = new ProcessBuilder("node", "-e", script)
                .redirectErrorStream(true)
                .start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(out).isZero();
        return out;
    }
}
