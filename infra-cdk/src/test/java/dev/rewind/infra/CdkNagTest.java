package dev.rewind.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;

/**
 * cdk-nag 3's AWS Solutions rules on the stacks of a eu-west-1 deploy, with the defaults and with every
 * option on: each finding is fixed, or it is one of {@link #ACCEPTED}, for the reason docs/SECURITY.md
 * ("cdk-nag and checkov") gives. A new finding, or an accepted one that no longer occurs, fails.
 */
class CdkNagTest {
    /** Rule (with its finding, logical-id hashes dropped) → why it stays; the long form is in docs/SECURITY.md. */
    static final Map<String, String> ACCEPTED = Map.ofEntries(
            Map.entry("AwsSolutions-S1", "no S3 server access logs: a line per chunk, and presigned URLs in them"),
            Map.entry(
                    "AwsSolutions-IAM5[Resource::*]",
                    "dynamodb:ListStreams, and X-Ray's actions with tracing: IAM has no resource for them"),
            Map.entry(
                    "AwsSolutions-IAM5[Resource::<StorageChunks.Arn>/t/*]",
                    "every chunk key is under t/<tenantId>/: the widest name is the prefix"),
            Map.entry(
                    "AwsSolutions-IAM5[Resource::<ConsoleFiles.Arn>/*]",
                    "the console deployment writes the whole site bucket"),
            Map.entry("AwsSolutions-SMG4", "the origin secret is not rotated on a schedule (docs/DEPLOY.md)"),
            Map.entry("AwsSolutions-L1", "CDK's BucketDeployment handler picks its own runtime"),
            Map.entry(
                    "AwsSolutions-SQS3",
                    "the dead-letter queues are destinations, not redrive targets: nag does not see them as DLQs"),
            Map.entry("AwsSolutions-CFR1", "no geo restriction: customers' visitors are anywhere"),
            Map.entry(
                    "AwsSolutions-CFR3",
                    "default only: CloudFront logs hold share tokens and user ids, so they are opt-in (-c cloudFrontLogs=true)"),
            Map.entry(
                    "AwsSolutions-CFR4",
                    "default only: cloudfront.net's certificate allows TLS 1.0; a custom domain gets TLS 1.2 (-c domainName)"),
            Map.entry(
                    "AwsSolutions-COG1",
                    "no symbol required: 12 characters with both cases and a digit; length, not composition, makes a password strong"),
            Map.entry(
                    "AwsSolutions-COG2",
                    "MFA is optional (TOTP): each user turns it on; required MFA would stop every sign-up at a second device"),
            Map.entry(
                    "AwsSolutions-COG8",
                    "no Cognito Plus feature plan: it is priced per monthly active user; a deployment can turn on threat protection"),
            Map.entry(
                    "AwsSolutions-IAM5[Resource::<StorageChunks.Arn>/t/*/a/*]",
                    "the asset function: stored assets are under t/<tenantId>/a/ (docs/ASSETS.md)"),
            Map.entry(
                    "AwsSolutions-IAM5[Resource::<StorageChunks.Arn>/t/*/u/*]",
                    "the asset function: uploads waiting for their check are under t/<tenantId>/u/"));

    /** Fixed by the options: present with the defaults, gone with every option on. */
    static final Set<String> FIXED_BY_OPTIONS = Set.of("AwsSolutions-CFR3", "AwsSolutions-CFR4");

    @Test
    void everyFindingIsFixedOrAcceptedWithAReason() throws Exception {
        Map<String, Set<String>> defaults = findings("nag-defaults", Optional.empty(), false, false);
        Map<String, Set<String>> everyOption = findings(
                "nag-options",
                Optional.of(new DeploymentSettings.CustomDomain(Stacks.DOMAIN_NAME, Stacks.CERTIFICATE_ARN)),
                true,
                true);
        Set<String> found = new TreeSet<>(defaults.keySet());
        found.addAll(everyOption.keySet());
        defaults.forEach((rule, where) -> System.out.println("defaults: " + rule + " " + where));
        everyOption.forEach((rule, where) -> System.out.println("every option: " + rule + " " + where));

        assertThat(found).as("findings not accepted in docs/SECURITY.md").isSubsetOf(ACCEPTED.keySet());
        assertThat(ACCEPTED.keySet())
                .as("accepted findings that no longer occur")
                .isSubsetOf(found);
        assertThat(defaults.keySet()).containsAll(FIXED_BY_OPTIONS);
        assertThat(everyOption.keySet()).doesNotContainAnyElementsOf(FIXED_BY_OPTIONS);
    }

    /** Rule → construct paths, from the validation report the plugin writes at synth. */
    private static Map<String, Set<String>> findings(
            String name, Optional<DeploymentSettings.CustomDomain> domain, boolean tracing, boolean cloudFrontLogs)
            throws Exception {
        Path out = Stacks.tempDir(name);
        App app = App.Builder.create().outdir(out.toString()).build();
        RewindApp.deploy(app, Stacks.REGION, Stacks.builtSettings(name, domain, tracing, cloudFrontLogs));
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        try {
            app.synth();
        } catch (RuntimeException e) {
            // a failed validation still writes its report
            assertThat(e.getMessage()).contains("Validation failed");
        }
        JsonNode report = new ObjectMapper()
                .readTree(out.resolve("validation-report.json").toFile());
        Map<String, Set<String>> found = new TreeMap<>();
        for (JsonNode plugin : report.path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                String rule = violation.path("ruleName").asText().replaceAll("<([A-Za-z]+?)[0-9A-F]{8}\\.", "<$1.");
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    found.computeIfAbsent(rule, r -> new TreeSet<>())
                            .add(construct.path("constructPath").asText());
                }
            }
        }
        return found;
    }
}
