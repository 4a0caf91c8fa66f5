package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The console may fetch the chunk URLs the API hands out, in every region: the real SDK pre-signs a
 * chunk URL for the region (its real endpoint, as in the Lambda), and the console CSP that
 * CloudFormation would produce in that region (the synthesized template with its pseudo parameters
 * resolved) allows it under {@code connect-src}, matched the way browsers match host sources.
 */
class ChunkUrlCspTest {
    /** A bucket name as CloudFormation generates it for the chunk bucket. */
    private static final String BUCKET = "rewind-storagechunks1a2b3c4d-0a1b2c3d4e5f";

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"})
    void theConsoleMayFetchChunksPresignedInTheRegion(String region) {
        // given the chunk URL the API hands out in this region
        URI chunk = presignedChunkUrl(region);
        assertThat(chunk.getHost()).as("the real endpoint, not an emulator").endsWith(".amazonaws.com");

        // when the console's CSP is read as CloudFormation deploys it there
        List<String> connectSrc = directive(consoleCsp(region), "connect-src");

        // then a browser lets the console fetch it
        assertThat(connectSrc.stream().anyMatch(source -> matches(source, chunk)))
                .as("%s is allowed by connect-src %s", chunk.getScheme() + "://" + chunk.getHost(), connectSrc)
                .isTrue();
        // and not every host of the cloud: another service's host is refused
        assertThat(connectSrc.stream()
                        .anyMatch(source ->
                                matches(source, URI.create("https://evil.execute-api." + region + ".amazonaws.com/x"))))
                .isFalse();
    }

    /**
     * The Lambda's pre-signer (AwsClients.s3Presigner off an emulator: virtual-hosted addresses), for one
     * region, on its real endpoint even while the tests point AWS_ENDPOINT_URL at the emulator (the SDK's
     * own switch for that, for the time of this call).
     */
    private static URI presignedChunkUrl(String region) {
        String ignoreEndpoints = SdkSystemSetting.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.property();
        String before = System.getProperty(ignoreEndpoints);
        System.setProperty(ignoreEndpoints, "true");
        try (S3Presigner presigner = S3Presigner.builder()
                .region(Region.of(region))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(false).build())
                .build()) {
            return URI.create(presigner
                    .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(15))
                            .getObjectRequest(g -> g.bucket(BUCKET).key("t/tenant/s/session/00000.json.gz")))
                    .url()
                    .toString());
        } finally {
            if (before == null) {
                System.clearProperty(ignoreEndpoints);
            } else {
                System.setProperty(ignoreEndpoints, before);
            }
        }
    }

    /** The console's CSP with {@code AWS::Region} and {@code AWS::URLSuffix} resolved as CloudFormation does. */
    static String consoleCsp(String region) {
        Map<String, Object> config =
                ofType(Stacks.deployedTemplate(), "AWS::CloudFront::ResponseHeadersPolicy").values().stream()
                        .map(p -> map(p.get("ResponseHeadersPolicyConfig")))
                        .filter(c -> ((String) c.get("Comment")).startsWith("Rewind console"))
                        .findFirst()
                        .orElseThrow();
        Object csp = map(map(map(config.get("SecurityHeadersConfig")).get("ContentSecurityPolicy")))
                .get("ContentSecurityPolicy");
        return resolve(csp, Map.of("AWS::Region", region, "AWS::URLSuffix", "amazonaws.com"));
    }

    static String resolve(Object value, Map<String, String> pseudoParameters) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> function = map(value);
        if (function.containsKey("Ref")) {
            String resolved = pseudoParameters.get((String) function.get("Ref"));
            assertThat(resolved).as("the CSP refers to %s", function.get("Ref")).isNotNull();
            return resolved;
        }
        List<Object> join = list(function.get("Fn::Join"));
        StringBuilder text = new StringBuilder();
        for (Object part : list(join.get(1))) {
            if (text.length() > 0) {
                text.append((String) join.get(0));
            }
            text.append(resolve(part, pseudoParameters));
        }
        return text.toString();
    }

    static List<String> directive(String csp, String name) {
        return Arrays.stream(csp.split(";"))
                .map(String::trim)
                .filter(d -> d.startsWith(name + " "))
                .findFirst()
                .map(d -> List.of(d.substring(name.length()).trim().split("\\s+")))
                .orElseThrow(() -> new AssertionError("no " + name + " in " + csp));
    }

    /**
     * A CSP host source such as {@code https://*.s3.amazonaws.com} against a URL, as the CSP specification's
     * "does url match expression" has it: the same scheme (or http → https), the host exactly or, after
     * {@code *.}, any host ending in the rest (one label or more); the URL scheme's default port unless the
     * source names one; a source without a path matches every path. Keywords ({@code 'self'}) match no
     * other origin.
     */
    static boolean matches(String source, URI url) {
        if (source.startsWith("'")) {
            return false;
        }
        int schemeEnd = source.indexOf("://");
        String scheme = schemeEnd < 0 ? null : source.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = schemeEnd < 0 ? source : source.substring(schemeEnd + 3);
        int pathStart = rest.indexOf('/');
        String path = pathStart < 0 ? "" : rest.substring(pathStart);
        String hostPort = pathStart < 0 ? rest : rest.substring(0, pathStart);
        int colon = hostPort.lastIndexOf(':');
        String host = (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
        String port = colon < 0 ? null : hostPort.substring(colon + 1);

        String urlScheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme != null && !scheme.equals(urlScheme) && !(scheme.equals("http") && urlScheme.equals("https"))) {
            return false;
        }
        String urlHost = url.getHost().toLowerCase(Locale.ROOT);
        boolean hostMatches = host.startsWith("*.") ? urlHost.endsWith(host.substring(1)) : urlHost.equals(host);
        if (!hostMatches) {
            return false;
        }
        int defaultPort = urlScheme.equals("https") ? 443 : 80;
        int urlPort = url.getPort() != -1 ? url.getPort() : defaultPort;
        boolean portMatches =
                port == null ? urlPort == defaultPort : port.equals("*") || Integer.parseInt(port) == urlPort;
        boolean pathMatches = path.isEmpty()
                || (path.endsWith("/")
                        ? url.getRawPath().startsWith(path)
                        : url.getRawPath().equals(path));
        return portMatches && pathMatches;
    }
}
