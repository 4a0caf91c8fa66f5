package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.rewind.Rewind;
import dev.rewind.aws.UserPools;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TeamHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.Users;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cognito tokens are checked as AWS checks them (docs/SECURITY.md, "Users and roles"): the pool's own
 * id and access tokens pass; a token of another pool or app client, {@code alg: none}, HS256 signed
 * with the pool's public key, an expired or a tampered token are each refused with 401
 * {@code invalid_token}, and a refused request creates nothing.
 */
class TokenVerificationIT {
    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final SignupHandler signup = new SignupHandler(rewind);
    private final TeamHandler team = new TeamHandler(rewind);

    private APIGatewayV2HTTPResponse createOrganization(String token) {
        return signup.handleRequest(
                ApiEvents.request("POST", "/v1/organizations")
                        .bearer(token)
                        .json("{\"organization\":\"Tokens Inc\"}")
                        .build(),
                null);
    }

    private APIGatewayV2HTTPResponse me(String token) {
        return team.handleRequest(
                ApiEvents.request("GET", "/v1/me").bearer(token).build(), null);
    }

    private static String code(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() + " "
                + Tenants.read(response).at("/error/code").asText();
    }

    @Test
    void onlyThePoolsOwnUnexpiredUntamperedTokensAreAccepted() throws Exception {
        // given a user of the pool, signed in through the console's app client
        Users.SignedIn user = Users.create(rewind.config, Users.email("owner"));
        SignedJWT real = SignedJWT.parse(user.idToken());

        // and tokens AWS would refuse
        Map<String, String> forged = new LinkedHashMap<>();
        RewindConfig otherPool = UserPools.create(Emulator.COGNITO, rewind.config, "other-pool-" + System.nanoTime());
        forged.put(
                "another pool's id token",
                Users.create(otherPool, Users.email("stranger")).idToken());
        String otherClient = Emulator.COGNITO
                .createUserPoolClient(r -> r.userPoolId(rewind.config.userPool().poolId())
                        .clientName("other")
                        .explicitAuthFlows(
                                software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType
                                        .ALLOW_USER_PASSWORD_AUTH))
                .userPoolClient()
                .clientId();
        forged.put(
                "another app client's id token",
                Users.signIn(rewind.config.withUserPool(rewind.config.userPool().poolId(), otherClient), user.email())
                        .idToken());
        forged.put("alg none", new PlainJWT(real.getJWTClaimsSet()).serialize());
        RSAKey publicKey = JWKSet.load(URI.create(System.getenv("AWS_ENDPOINT_URL") + "/"
                                + rewind.config.userPool().poolId() + "/.well-known/jwks.json")
                        .toURL())
                .getKeys()
                .get(0)
                .toRSAKey();
        SignedJWT hs256 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(publicKey.getKeyID())
                        .build(),
                real.getJWTClaimsSet());
        hs256.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
        forged.put("HS256 signed with the pool's public key", hs256.serialize());
        JWTClaimsSet otherSub = new JWTClaimsSet.Builder(real.getJWTClaimsSet())
                .subject("someone-else")
                .build();
        String[] parts = user.idToken().split("\\.");
        forged.put(
                "tampered payload, original signature",
                parts[0] + "." + Base64URL.encode(otherSub.toString().getBytes(StandardCharsets.UTF_8)) + "."
                        + parts[2]);
        forged.put("not a JWT", "definitely-not-a-token");

        // when each is presented
        for (Map.Entry<String, String> token : forged.entrySet()) {
            // then it is refused, and nothing is created with it
            assertThat(code(createOrganization(token.getValue())))
                    .as(token.getKey())
                    .isEqualTo("401 invalid_token");
            assertThat(code(me(token.getValue()))).as(token.getKey()).isEqualTo("401 invalid_token");
        }
        assertThat(StorageSnapshot.items(rewind.config.tenantsTable(), i -> true))
                .isEmpty();
        assertThat(StorageSnapshot.items(rewind.config.teamsTable(), i -> true)).isEmpty();

        // and an api key is no user token
        assertThat(code(me("sk_" + "A".repeat(32)))).isEqualTo("401 invalid_token");

        // and the real id and access tokens pass
        assertThat(me(user.accessToken()).getStatusCode()).isEqualTo(200);
        assertThat(Tenants.read(me(user.idToken())).get("email").asText()).isEqualTo(user.email());
        assertThat(createOrganization(user.idToken()).getStatusCode()).isEqualTo(201);

        // and the same id token, once expired, is refused
        clock.advance(Duration.ofHours(2));
        assertThat(code(me(user.idToken()))).isEqualTo("401 invalid_token");
        assertThat(code(createOrganization(user.idToken()))).isEqualTo("401 invalid_token");
        assertThat(StorageSnapshot.items(rewind.config.tenantsTable(), i -> true))
                .hasSize(1);
    }
}
