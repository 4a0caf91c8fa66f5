package dev.rewind.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The stacks under test, synthesized once per JVM (a synth takes seconds), each through
 * {@link RewindApp#deploy} as {@code cdk deploy} builds them. The functions jar is a small stand-in: the
 * tests are about the template, not the code in it.
 */
final class Stacks {
    static final String SDK_VERSION = "0.1.0";
    static final String ALARM_EMAIL = "ops@example.com";
    /** Most deployments: a region other than us-east-1, so the web ACL lives in a stack of its own. */
    static final String REGION = "eu-west-1";

    static final String DOMAIN_NAME = "rewind.example.com";
    static final String CERTIFICATE_ARN =
            "arn:aws:acm:us-east-1:123456789012:certificate/0b5e3f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    private static RewindStack deployed;
    private static Template deployedTemplate;
    private static Template firewallTemplate;
    private static Template freshCloneTemplate;
    private static RewindStack usEast1;
    private static Template usEast1Template;
    private static Template customDomainTemplate;

    private Stacks() {}

    /** An operator's deploy in eu-west-1: console and recorder built, defaults otherwise, alarms mailed. */
    static synchronized RewindStack deployed() {
        if (deployed == null) {
            deployed = RewindApp.deploy(new App(), REGION, builtSettings("deployed", Optional.empty(), false, false));
            deployedTemplate = Template.fromStack(deployed);
            firewallTemplate = Template.fromStack(Stack.of(deployed.firewall()));
        }
        return deployed;
    }

    static synchronized Template deployedTemplate() {
        deployed();
        return deployedTemplate;
    }

    /** The web ACL's own stack (us-east-1) of the eu-west-1 deploy. */
    static synchronized Template firewallTemplate() {
        deployed();
        return firewallTemplate;
    }

    /** The same deploy in us-east-1: one stack, the web ACL in it. */
    static synchronized RewindStack usEast1() {
        if (usEast1 == null) {
            usEast1 = RewindApp.deploy(
                    new App(), EdgeFirewall.REGION, builtSettings("useast1", Optional.empty(), false, false));
            usEast1Template = Template.fromStack(usEast1);
        }
        return usEast1;
    }

    static synchronized Template usEast1Template() {
        usEast1();
        return usEast1Template;
    }

    /** eu-west-1 with every option on: a custom domain, X-Ray tracing, CloudFront standard logs. */
    static synchronized Template customDomainTemplate() {
        if (customDomainTemplate == null) {
            customDomainTemplate = Template.fromStack(RewindApp.deploy(
                    new App(),
                    REGION,
                    builtSettings(
                            "domain",
                            Optional.of(new DeploymentSettings.CustomDomain(DOMAIN_NAME, CERTIFICATE_ARN)),
                            true,
                            true)));
        }
        return customDomainTemplate;
    }

    static DeploymentSettings builtSettings(
            String name, Optional<DeploymentSettings.CustomDomain> domain, boolean tracing, boolean cloudFrontLogs) {
        Path dir = tempDir(name);
        Path console = write(dir.resolve("web-console/dist/index.html"), "<!doctype html><title>Rewind</title>");
        Path sdk = write(dir.resolve("recorder-sdk/dist/" + ConsoleSite.SDK_BUNDLE), "(function(){})();");
        return new DeploymentSettings(
                dummyJar(dir),
                console.getParent(),
                sdk.getParent(),
                SDK_VERSION,
                true,
                DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS,
                Optional.of(ALARM_EMAIL),
                Optional.empty(),
                domain,
                tracing,
                cloudFrontLogs);
    }

    /** A synth on a fresh clone: nothing built but the jar; a throwaway environment without protection. */
    static synchronized Template freshCloneTemplate() {
        if (freshCloneTemplate == null) {
            Path dir = tempDir("fresh");
            DeploymentSettings settings = new DeploymentSettings(
                    dummyJar(dir),
                    dir.resolve("web-console/dist"),
                    dir.resolve("recorder-sdk/dist"),
                    SDK_VERSION,
                    false,
                    7,
                    Optional.empty(),
                    Optional.of(50));
            freshCloneTemplate = Template.fromStack(RewindApp.deploy(new App(), REGION, settings));
        }
        return freshCloneTemplate;
    }

    static Path dummyJar(Path dir) {
        Path jar = dir.resolve("functions.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("stand-in for the functions jar".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("rewind-cdk-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading the template as plain JSON -------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template) {
        return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    /** Logical id → properties of every resource of one type. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> ofType(Template template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources(template).forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                Object props = resource.get("Properties");
                found.put(id, props == null ? Map.of() : (Map<String, Object>) props);
            }
        });
        return found;
    }

    /** The one event source mapping on a DynamoDB stream: the expiry consumer's. */
    static Map<String, Object> streamMapping(Template template) {
        return ofType(template, "AWS::Lambda::EventSourceMapping").values().stream()
                .filter(mapping -> mapping.containsKey("StartingPosition"))
                .findFirst()
                .orElseThrow();
    }

    /** The dead-letter queues: every queue but the scheduled jobs' work queue, the one with a redrive policy. */
    static Map<String, Map<String, Object>> deadLetterQueues(Template template) {
        Map<String, Map<String, Object>> queues = new LinkedHashMap<>(ofType(template, "AWS::SQS::Queue"));
        queues.values().removeIf(queue -> queue.containsKey("RedrivePolicy"));
        return queues;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} points at. */
    static String target(Object reference) {
        Map<String, Object> ref = map(reference);
        if (ref.containsKey("Ref")) {
            return (String) ref.get("Ref");
        }
        if (ref.containsKey("Fn::GetAtt")) {
            return (String) list(ref.get("Fn::GetAtt")).get(0);
        }
        throw new AssertionError("Not a reference: " + reference);
    }
}
