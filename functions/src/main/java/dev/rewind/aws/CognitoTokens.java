package dev.rewind.aws;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.common.RewindConfig;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.tenants.TokenVerifier;
import dev.rewind.tenants.User;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies Cognito user pool tokens as API Gateway's JWT authorizer does: the RS256 signature against
 * the pool's JWKS (cached by nimbus-jose-jwt, fetched again when a token names an unknown {@code kid}),
 * the issuer, the app client ({@code client_id} of an access token, {@code aud} of an id token),
 * {@code token_use} and expiry. Any other algorithm, {@code alg: none} and HS256 among them, is refused.
 * The JWKS is at {@code <issuer>/.well-known/jwks.json} in AWS; against an emulator (AWS_ENDPOINT_URL
 * set) at {@code <endpoint>/<poolId>/.well-known/jwks.json}, where moto serves it.
 */
public final class CognitoTokens implements TokenVerifier {
    private static final int JWKS_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 64 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String clientId;

    public CognitoTokens(RewindConfig.UserPool pool, Clock clock) {
        this.clientId = pool.clientId();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(
                        jwksUrl(pool),
                        new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
                .build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                        new JWTClaimsSet.Builder().issuer(pool.issuer()).build(),
                        Set.of("sub", "exp", "iat", "token_use")) {
                    @Override
                    protected Date currentTime() {
                        return new Date(clock.millis());
                    }
                });
    }

    static URL jwksUrl(RewindConfig.UserPool pool) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        String base = endpoint == null || endpoint.isBlank()
                ? pool.issuer()
                : endpoint.replaceAll("/+$", "") + "/" + pool.poolId();
        try {
            return URI.create(base + "/.well-known/jwks.json").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + base, e);
        }
    }

    @Override
    public User verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            // the pool's keys could not be fetched: nothing is wrong with the token, retry later
            throw new StoreUnavailable(new IllegalStateException("JWKS unavailable", e));
        } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw invalid();
        }
        try {
            String use = claims.getStringClaim("token_use");
            boolean forThisClient = switch (use == null ? "" : use) {
                case "access" -> clientId.equals(claims.getStringClaim("client_id"));
                case "id" -> List.of(clientId).equals(claims.getAudience());
                default -> false;
            };
            if (!forThisClient) {
                throw invalid();
            }
            Object verified = claims.getClaim("email_verified");
            // Cognito writes a boolean; moto the attribute's string value
            boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
            return new User(claims.getSubject(), claims.getStringClaim("email"), emailVerified);
        } catch (ParseException e) {
            throw invalid();
        }
    }

    private static Refused invalid() {
        // the reason stays out of the answer: it would help forge the next attempt
        return new Refused(
                Reason.INVALID_TOKEN, "the token is not valid for this user pool, expired or was tampered with");
    }
}
