package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's same-origin path to Cognito in the local runner (docs/CONSOLE.md): a sign-up through
 * {@code POST /cognito/} is confirmed with a verified email, so the user signs in through the same path
 * and gets a token the API accepts; anything but Cognito's JSON API is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoProxyIT {
    private Rewind rewind;
    private LocalServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        rewind = Emulator.freshRewind(Clock.systemUTC());
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        CognitoProxy cognito = new CognitoProxy(
                URI.create(endpoint + "/"),
                Emulator.COGNITO,
                rewind.config.userPool().poolId(),
                rewind.config.userPool().clientId());
        server = new LocalServer(
                0,
                LocalRunner.handlers(rewind),
                Path.of("target/no-console"),
                Path.of("target/no-sdk"),
                "<html></html>",
                "http://127.0.0.1:4566",
                LocalServer.NO_STORES,
                cognito);
        server.start();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String target, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignUpThroughTheProxySignsInWithAVerifiedEmailAndTheApiAcceptsItsToken() throws Exception {
        // given the console's config
        JsonNode config =
                Json.MAPPER.readTree(send("GET", "/config.json", null, null).body());
        String clientId = config.at("/cognito/clientId").asText();
        assertThat(clientId).isEqualTo(rewind.config.userPool().clientId());
        assertThat(config.at("/cognito/url").asText()).isEqualTo("/cognito/");

        // when someone signs up and then signs in, both through /cognito/
        String email = Users.email("proxy");
        HttpResponse<String> signUp = send(
                "POST",
                "/cognito/",
                "AWSCognitoIdentityProviderService.SignUp",
                Json.object()
                        .put("ClientId", clientId)
                        .put("Username", email)
                        .put("Password", Users.PASSWORD)
                        .set(
                                "UserAttributes",
                                Json.MAPPER.readTree("[{\"Name\":\"email\",\"Value\":\"" + email + "\"}]"))
                        .toString());
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(200);
        HttpResponse<String> signIn = send(
                "POST",
                "/cognito/",
                "AWSCognitoIdentityProviderService.InitiateAuth",
                Json.object()
                        .put("ClientId", clientId)
                        .put("AuthFlow", "USER_PASSWORD_AUTH")
                        .set(
                                "AuthParameters",
                                Json.object().put("USERNAME", email).put("PASSWORD", Users.PASSWORD))
                        .toString());

        // then the id token works, and it says the email is verified: the user may create an organization
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        String idToken = Json.MAPPER
                .readTree(signIn.body())
                .at("/AuthenticationResult/IdToken")
                .asText();
        HttpResponse<String> me = send("GET", "/v1/me", null, null, "Authorization", "Bearer " + idToken);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(me.body()).get("email").asText()).isEqualTo(email);
        HttpResponse<String> organization = send(
                "POST",
                "/v1/organizations",
                null,
                "{\"organization\":\"Proxied\"}",
                "Authorization",
                "Bearer " + idToken,
                "Content-Type",
                "application/json");
        assertThat(organization.statusCode()).as(organization.body()).isEqualTo(201);
    }

    @Test
    void onlyCognitosJsonApiGoesThrough() throws Exception {
        // when something else is sent to /cognito/: another service's API, no target, another method
        HttpResponse<String> otherService = send("POST", "/cognito/", "DynamoDB_20120810.ListTables", "{}");
        HttpResponse<String> noTarget = send("POST", "/cognito/", null, "{}");
        HttpResponse<String> get = send("GET", "/cognito/", "AWSCognitoIdentityProviderService.ListUserPools", null);

        // then each is refused before it reaches the emulator
        for (HttpResponse<String> response : java.util.List.of(otherService, noTarget, get)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("not_cognito");
        }
    }
}
