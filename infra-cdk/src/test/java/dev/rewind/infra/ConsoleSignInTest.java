package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;

/**
 * A deployed console signs users in as the local one does (docs/CONSOLE.md, "Signing in"): the
 * {@code /config.json} published beside it names Cognito's regional endpoint and the console's app
 * client, and the console's CSP lets it call that endpoint. Read from the synthesized assembly with
 * CloudFormation's values resolved, as a browser would get them.
 */
class ConsoleSignInTest {
    private static final String CLIENT_ID = "4n7example0client0id0123456";

    @Test
    void configJsonBesideTheConsoleNamesTheRegionalUserPoolEndpointAndTheConsoleClient() throws IOException {
        // given the console's deployment as synthesized: the built files and one generated file
        Map<String, Object> deployment = consoleDeployment();
        List<Object> keys = list(deployment.get("SourceObjectKeys"));
        assertThat(keys).hasSize(2);
        String generated = ((String) keys.get(1)).replace(".zip", "");
        Path config = assemblyDirectory().resolve("asset." + generated).resolve(ConsoleSite.CONFIG_FILE);

        // when the deployment writes it, its markers replaced by what CloudFormation resolves in eu-west-1
        String text = Files.readString(config);
        Map<String, Object> markers = map(list(deployment.get("SourceMarkers")).get(1));
        for (Map.Entry<String, Object> marker : markers.entrySet()) {
            text = text.replace(
                    marker.getKey(),
                    ChunkUrlCspTest.resolve(
                            marker.getValue(),
                            Map.of(
                                    "AWS::Region",
                                    Stacks.REGION,
                                    "AWS::URLSuffix",
                                    "amazonaws.com",
                                    consoleClientLogicalId(),
                                    CLIENT_ID)));
        }

        // then the console is told Cognito's endpoint in the region and its own app client
        JsonNode cognito = new ObjectMapper().readTree(text).get("cognito");
        assertThat(cognito.get("url").asText()).isEqualTo("https://cognito-idp." + Stacks.REGION + ".amazonaws.com/");
        assertThat(cognito.get("clientId").asText()).isEqualTo(CLIENT_ID);
        // and the same deployment prunes the bucket, so it is what keeps the file
        assertThat(deployment).containsEntry("Prune", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-1", "ap-southeast-2"})
    void theConsoleMayCallTheUserPoolEndpointOfItsRegion(String region) {
        List<String> connectSrc = ChunkUrlCspTest.directive(ChunkUrlCspTest.consoleCsp(region), "connect-src");

        URI endpoint = URI.create("https://cognito-idp." + region + ".amazonaws.com/");
        assertThat(connectSrc.stream().anyMatch(source -> ChunkUrlCspTest.matches(source, endpoint)))
                .as("%s is allowed by connect-src %s", endpoint, connectSrc)
                .isTrue();
        // and not another region's, nor another service's
        assertThat(connectSrc.stream()
                        .anyMatch(source -> ChunkUrlCspTest.matches(
                                source, URI.create("https://cognito-identity." + region + ".amazonaws.com/"))))
                .isFalse();
    }

    private static Map<String, Object> consoleDeployment() {
        return ofType(Stacks.deployedTemplate(), "Custom::CDKBucketDeployment").values().stream()
                .filter(d -> List.of("sdk/*").equals(d.get("Exclude")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no deployment of the console"));
    }

    private static String consoleClientLogicalId() {
        RewindStack stack = Stacks.deployed();
        return stack.getLogicalId(
                (CfnElement) stack.users().consoleClient().getNode().getDefaultChild());
    }

    private static Path assemblyDirectory() {
        Stack stack = Stacks.deployed();
        return Path.of(Stage.of(stack).synth().getDirectory());
    }
}
