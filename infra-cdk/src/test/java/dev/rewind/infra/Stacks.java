package dev.rewind.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

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

/**
 * The stacks under test, synthesized once per JVM (a synth takes seconds). The functions jar is a
 * small stand-in: the tests are about the template, not the code in it.
 */
final class Stacks {
    static final String SDK_VERSION = "0.1.0";
    static final String ALARM_EMAIL = "ops@example.com";

    private static RewindStack deployed;
    private static Template deployedTemplate;
    private static Template freshCloneTemplate;

    private Stacks() {}

    /** An operator's deploy: console and recorder built, defaults otherwise, alarms mailed. */
    static synchronized RewindStack deployed() {
        if (deployed == null) {
            Path dir = tempDir("deployed");
            Path console = write(dir.resolve("web-console/dist/index.html"), "<!doctype html><title>Rewind</title>");
            Path sdk = write(dir.resolve("recorder-sdk/dist/" + ConsoleSite.SDK_BUNDLE), "(function(){})();");
            DeploymentSettings settings = new DeploymentSettings(dummyJar(dir), console.getParent(), sdk.getParent(),
                    SDK_VERSION, true, DeploymentSettings.DEFAULT_LOG_RETENTION_DAYS, Optional.of(ALARM_EMAIL), Optional.empty());
            deployed = new RewindStack(new App(), "Rewind", StackProps.builder().build(), settings);
            deployedTemplate = Template.fromStack(deployed);
        }
        return deployed;
    }

    static synchronized Template deployedTemplate() {
        deployed();
        return deployedTemplate;
    }

    /** A synth on a fresh clone: nothing built but the jar; a throwaway environment without protection. */
    static synchronized Template freshCloneTemplate() {
        if (freshCloneTemplate == null) {
            Path dir = tempDir("fresh");
            DeploymentSettings settings = new DeploymentSettings(dummyJar(dir), dir.resolve("web-console/dist"),
                    dir.resolve("recorder-sdk/dist"), SDK_VERSION, false, 7, Optional.empty(), Optional.of(50));
            freshCloneTemplate = Template.fromStack(new RewindStack(new App(), "Rewind", StackProps.builder().build(), settings));
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
