package dev.rewind.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** Wires the stack from the CDK context and the build outputs; `cdk synth` / `cdk deploy` run this. */
public final class RewindApp {
    public static final String STACK_NAME = "Rewind";
    /**
     * Set in cdk.json: a synth or deploy from infra-cdk/ fails unless the console and the recorder are
     * built, so no deploy leaves the site or /sdk/rewind.js empty (make synth and make deploy build them).
     */
    public static final String CONTEXT_REQUIRE_BUNDLES = "requireBundles";
    /** The web ACL's own stack, in us-east-1, when Rewind is deployed anywhere else. */
    public static final String FIREWALL_STACK_NAME = "RewindEdgeFirewall";
    /** {@code cdk deploy -c region=…} overrides the region of the operator's credentials. */
    public static final String CONTEXT_REGION = "region";

    private static final String CROSS_STACK_REFERENCES = "@aws-cdk/core:defaultCrossStackReferences";

    private RewindApp() {}

    public static void main(String[] args) {
        App app = new App();
        Path repo = repositoryRoot(Path.of("").toAbsolutePath());
        DeploymentSettings settings = settings(app, repo);
        deploy(app, region(app), settings);
        app.synth();
    }

    /**
     * The Rewind stack in {@code region}, and the web ACL's stack in us-east-1 when that is another region.
     * Only the region is fixed: the account is the one of the operator's credentials at deploy time.
     */
    static RewindStack deploy(App app, String region, DeploymentSettings settings) {
        // strong, CDK's present default, said so: the web ACL's stack cannot drop the ACL while the distribution names
        // it
        if (app.getNode().tryGetContext(CROSS_STACK_REFERENCES) == null) {
            app.getNode().setContext(CROSS_STACK_REFERENCES, "strong");
        }
        StackProps.Builder props = StackProps.builder()
                .env(Environment.builder().region(region).build())
                .description("Rewind: session replay on CloudFront, API Gateway, Lambda, S3 and DynamoDB");
        if (region.equals(EdgeFirewall.REGION)) {
            return new RewindStack(app, STACK_NAME, props.build(), settings, Optional.empty());
        }
        EdgeFirewallStack edge = new EdgeFirewallStack(
                app,
                FIREWALL_STACK_NAME,
                StackProps.builder()
                        .env(Environment.builder().region(EdgeFirewall.REGION).build())
                        .crossRegionReferences(true)
                        .description(
                                "Rewind: the AWS WAF web ACL of the " + STACK_NAME + " stack's CloudFront distribution")
                        .build());
        return new RewindStack(
                app, STACK_NAME, props.crossRegionReferences(true).build(), settings, Optional.of(edge.firewall()));
    }

    /** The CDK CLI sets CDK_DEFAULT_REGION from the operator's profile or AWS_REGION. */
    static String region(App app) {
        return context(app, CONTEXT_REGION)
                .or(() ->
                        Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")).filter(r -> !r.isBlank()))
                .orElseThrow(() -> new IllegalStateException("No AWS region: set AWS_REGION (or a profile's region), "
                        + "or pass -c " + CONTEXT_REGION + "=eu-west-1. The app needs it to place the CloudFront "
                        + "web ACL, which must live in " + EdgeFirewall.REGION + "."));
    }

    static DeploymentSettings settings(App app, Path repo) {
        String jar = context(app, DeploymentSettings.CONTEXT_FUNCTIONS_JAR)
                .orElse(repo.resolve("functions/target/" + buildProperty("functions.jar"))
                        .toString());
        DeploymentSettings settings = new DeploymentSettings(
                Path.of(jar),
                repo.resolve("web-console/dist"),
                repo.resolve("recorder-sdk/dist"),
                recorderVersion(repo.resolve("recorder-sdk/package.json")),
                context(app, DeploymentSettings.CONTEXT_DELETION_PROTECTION)
                        .map(Boolean::parseBoolean)
                        .orElse(true),
                context(app, DeploymentSettings.CONTEXT_LOG_RETENTION_DAYS)
                        .map(Integer::parseInt)
                        .orElse(DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS),
                context(app, DeploymentSettings.CONTEXT_ALARM_EMAIL),
                context(app, DeploymentSettings.CONTEXT_INGEST_RESERVED_CONCURRENCY)
                        .map(Integer::parseInt),
                DeploymentSettings.CustomDomain.of(
                        context(app, DeploymentSettings.CONTEXT_DOMAIN_NAME),
                        context(app, DeploymentSettings.CONTEXT_CERTIFICATE_ARN)),
                context(app, DeploymentSettings.CONTEXT_TRACING)
                        .map(Boolean::parseBoolean)
                        .orElse(false),
                context(app, DeploymentSettings.CONTEXT_CLOUDFRONT_LOGS)
                        .map(Boolean::parseBoolean)
                        .orElse(false));
        if (context(app, CONTEXT_REQUIRE_BUNDLES).map(Boolean::parseBoolean).orElse(false)) {
            requireBundles(settings);
        }
        return settings;
    }

    private static void requireBundles(DeploymentSettings settings) {
        if (settings.builtConsole().isEmpty()) {
            throw new IllegalStateException(
                    "The console is not built (" + settings.consoleDist().resolve("index.html")
                            + " is missing): run make synth or make deploy, which build it (or: cd web-console && npm ci && npm run build).");
        }
        if (settings.builtSdk().isEmpty()) {
            throw new IllegalStateException(
                    "The recorder is not built (" + settings.sdkDist().resolve(ConsoleSite.SDK_BUNDLE)
                            + " is missing): run make synth or make deploy, which build it (or: cd recorder-sdk && npm ci && npm run build).");
        }
    }

    private static Optional<String> context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    /** The directory with functions/ and infra-cdk/ in it: cdk runs in infra-cdk/, tests may run elsewhere. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("infra-cdk"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "Run the CDK app inside the Rewind repository (no functions/ and infra-cdk/ above " + start + ")");
    }

    /** The recorder's own version names the path its bundle is served under. */
    static String recorderVersion(Path packageJson) {
        try {
            return new ObjectMapper()
                    .readTree(packageJson.toFile())
                    .path("version")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the recorder's version from " + packageJson, e);
        }
    }

    static String buildProperty(String name) {
        try (InputStream in = RewindApp.class.getResourceAsStream("/rewind-build.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
