package dev.rewind.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentSettingsTest {
    @Test
    void aMissingFunctionsJarStopsTheSynthWithTheCommandThatBuildsIt() {
        Path dir = Stacks.tempDir("nojar");

        assertThatThrownBy(() -> new DeploymentSettings(
                        dir.resolve("missing.jar"), dir, dir, "0.1.0", true, 30, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.jar")
                .hasMessageContaining("mvn -pl functions -am package -DskipTests");
    }

    @Test
    void aLogRetentionCloudWatchDoesNotOfferIsRejected() {
        Path dir = Stacks.tempDir("retention");
        Path jar = Stacks.dummyJar(dir);

        assertThatThrownBy(() ->
                        new DeploymentSettings(jar, dir, dir, "0.1.0", true, 31, Optional.empty(), Optional.empty()))
                .hasMessageContaining("31 days");
    }

    @Test
    void theRecorderVersionComesFromItsPackageJson() {
        Path repo = RewindApp.repositoryRoot(Path.of("").toAbsolutePath());

        assertThat(RewindApp.recorderVersion(repo.resolve("recorder-sdk/package.json")))
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theRepositoryRootIsFoundFromInsideInfraCdk() {
        Path repo = RewindApp.repositoryRoot(Path.of("").toAbsolutePath());

        assertThat(repo.resolve("infra-cdk/pom.xml")).exists();
        assertThat(RewindApp.repositoryRoot(repo.resolve("infra-cdk"))).isEqualTo(repo);
    }

    @Test
    void theDefaultJarIsTheFunctionsModulesShadedJar() {
        assertThat(RewindApp.buildProperty("functions.jar")).matches("rewind-functions-.+-lambda\\.jar");
    }

    @Test
    void unbuiltConsoleAndRecorderAreLeftOut() throws Exception {
        Path dir = Stacks.tempDir("unbuilt");
        Files.createDirectories(dir.resolve("console"));

        DeploymentSettings settings = new DeploymentSettings(
                Stacks.dummyJar(dir),
                dir.resolve("console"),
                dir.resolve("sdk"),
                "0.1.0",
                true,
                30,
                Optional.empty(),
                Optional.empty());

        assertThat(settings.builtConsole()).isEmpty();
        assertThat(settings.builtSdk()).isEmpty();
    }

    @Test
    void aCertificateOutsideUsEast1IsRefusedBecauseCloudFrontCannotUseIt() {
        assertThatThrownBy(() -> new DeploymentSettings.CustomDomain(
                        "rewind.example.com",
                        "arn:aws:acm:eu-west-1:123456789012:certificate/0b5e3f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only uses ACM certificates from us-east-1")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void aDomainWithoutACertificateOrTheOtherWayRoundIsRefused() {
        assertThatThrownBy(
                        () -> DeploymentSettings.CustomDomain.of(Optional.of("rewind.example.com"), Optional.empty()))
                .hasMessageContaining("-c domainName=")
                .hasMessageContaining("-c certificateArn=");
        assertThatThrownBy(
                        () -> DeploymentSettings.CustomDomain.of(Optional.empty(), Optional.of(Stacks.CERTIFICATE_ARN)))
                .hasMessageContaining("or neither");
        assertThat(DeploymentSettings.CustomDomain.of(Optional.empty(), Optional.empty()))
                .isEmpty();
    }

    @Test
    void aDomainNameMustBeAHostName() {
        assertThatThrownBy(
                        () -> new DeploymentSettings.CustomDomain("https://rewind.example.com", Stacks.CERTIFICATE_ARN))
                .hasMessageContaining("host name");
    }
}
