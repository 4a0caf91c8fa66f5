package dev.rewind.local;

import dev.rewind.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The console's same-origin path to the user pool's API (docs/CONSOLE.md, "Signing in"): {@code POST /cognito/}
 * with {@code X-Amz-Target: AWSCognitoIdentityProviderService.<Action>} goes to the emulator's Cognito
 * endpoint as it is, and nothing else does (no other service's API, no other method). The console talks
 * to Cognito itself, so a password never reaches a Rewind function.
 *
 * <p>The emulator sends no email, so a {@code SignUp} that succeeds is confirmed and its email marked
 * verified at once with the admin API, as the code from the email would in AWS (moto's ConfirmSignUp
 * does not set {@code email_verified}). That is the only thing the proxy adds.
 */
public final class CognitoProxy {
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    /** Cognito's JSON API has small bodies; this is far more than any of its requests needs. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI endpoint;
    private final CognitoIdentityProviderClient admin;
    private final String poolId;
    private final String clientId;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param endpoint the emulator's Cognito endpoint; @param clientId the console's app client of pool {@code poolId} */
    public CognitoProxy(URI endpoint, CognitoIdentityProviderClient admin, String poolId, String clientId) {
        this.endpoint = endpoint;
        this.admin = admin;
        this.poolId = poolId;
        this.clientId = clientId;
    }

    /** What the console reads from {@code GET /config.json} to sign people in. */
    public String consoleConfig() {
        return "{\"cognito\":{\"url\":\"/cognito/\",\"clientId\":\"" + clientId + "\"}}";
    }

    /** Whether {@code target} (the X-Amz-Target header) names an action of Cognito's user pool API. */
    static boolean isCognitoTarget(String target) {
        return target != null
                && target.startsWith(TARGET_PREFIX)
                && target.substring(TARGET_PREFIX.length()).matches("[A-Za-z]{1,64}");
    }

    /** The answer of the emulator to one request: status, content type, body. */
    public record Answer(int status, String contentType, byte[] body) {}

    private void confirm(String username) {
        admin.adminConfirmSignUp(r -> r.userPoolId(poolId).username(username));
        admin.adminUpdateUserAttributes(r -> r.userPoolId(poolId)
                .username(username)
                .userAttributes(a -> a.name("email_verified").value("true")));
    }

    public Answer forward(String target, byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (target.equals(TARGET_PREFIX + "SignUp") && response.statusCode() == 200) {
                confirm(Json.MAPPER.readTree(body).path("Username").asText());
            }
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.1"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
