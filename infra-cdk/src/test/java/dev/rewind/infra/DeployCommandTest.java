package dev.rewind.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The README's deploy command (make deploy, or make synth then cdk deploy) synthesizes the app with the
 * context of infra-cdk/cdk.json, as `cdk` does: the console and the recorder must be uploaded, and a synth
 * whose bundles are missing stops with the command that builds them instead of deploying an empty site.
 */
class DeployCommandTest {

    @Test
    void cdkJsonRequiresTheBundles() throws IOException {
        assertThat(cdkJsonContext()).containsEntry(RewindApp.CONTEXT_REQUIRE_BUNDLES, "true");
    }

    @Test
    void theTemplateUploadsTheConsoleAndTheRecorder() throws IOException {
        Path repo = checkout("built");
        Stacks.write(repo.resolve("web-console/dist/index.html"), "<!doctype html><title>Rewind</title>");
        Stacks.write(repo.resolve("recorder-sdk/dist/" + ConsoleSite.SDK_BUNDLE), "(function(){})();");

        Template template = synth(repo);

        Map<String, Map<String, Object>> uploads = Stacks.ofType(template, "Custom::CDKBucketDeployment");
        assertThat(uploads).hasSize(2);
        List<Object> prefixes = uploads.values().stream()
                .map(props -> props.get("DestinationBucketKeyPrefix"))
                .toList();
        assertThat(prefixes).containsExactlyInAnyOrder(null, "sdk/v" + Stacks.SDK_VERSION + "/");
    }

    @Test
    void aMissingConsoleStopsTheSynthWithTheCommandThatBuildsIt() throws IOException {
        Path repo = checkout("noconsole");
        Stacks.write(repo.resolve("recorder-sdk/dist/" + ConsoleSite.SDK_BUNDLE), "(function(){})();");

        assertThatThrownBy(() -> synth(repo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("web-console")
                .hasMessageContaining("make synth or make deploy");
    }

    @Test
    void aMissingRecorderStopsTheSynthWithTheCommandThatBuildsIt() throws IOException {
        Path repo = checkout("nosdk");
        Stacks.write(repo.resolve("web-console/dist/index.html"), "<!doctype html><title>Rewind</title>");

        assertThatThrownBy(() -> synth(repo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ConsoleSite.SDK_BUNDLE)
                .hasMessageContaining("make synth or make deploy");
    }

    /** A checkout's layout: the recorder's package.json (its version names the SDK path) and a jar. */
    private static Path checkout(String name) throws IOException {
        Path repo = Stacks.tempDir(name);
        Files.createDirectories(repo.resolve("functions"));
        Files.createDirectories(repo.resolve("infra-cdk"));
        Stacks.write(repo.resolve("recorder-sdk/package.json"), "{\"version\": \"" + Stacks.SDK_VERSION + "\"}");
        return repo;
    }

    private static Template synth(Path repo) throws IOException {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put(
                DeploymentSettings.CONTEXT_FUNCTIONS_JAR, Stacks.dummyJar(repo).toString());
        context.put(RewindApp.CONTEXT_REGION, "eu-west-1");
        App app = App.Builder.create().context(context).build();
        return Template.fromStack(RewindApp.deploy(app, RewindApp.region(app), RewindApp.settings(app, repo)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cdkJsonContext() throws IOException {
        Path cdkJson = RewindApp.repositoryRoot(Path.of("").toAbsolutePath()).resolve("infra-cdk/cdk.json");
        return (Map<String, Object>)
                new ObjectMapper().readValue(cdkJson.toFile(), Map.class).get("context");
    }
}
