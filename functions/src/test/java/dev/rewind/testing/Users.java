package dev.rewind.testing;

import dev.rewind.common.RewindConfig;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/** People in the test's user pool, signed in as the console signs in (USER_PASSWORD_AUTH). */
public final class Users {
    public static final String PASSWORD = "Correct-Horse-42";

    private Users() {}

    /** A signed-in user: the pool's subject and Cognito's tokens. */
    public record SignedIn(String sub, String email, String idToken, String accessToken, String refreshToken) {}

    /** A fresh email, so users of one test never meet another's. */
    public static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@people.example";
    }

    /** Creates a confirmed user with a verified email, then signs in. */
    public static SignedIn create(RewindConfig config, String email) {
        return create(config, email, true);
    }

    public static SignedIn create(RewindConfig config, String email, boolean emailVerified) {
        String poolId = config.userPool().poolId();
        Emulator.COGNITO.adminCreateUser(r -> r.userPoolId(poolId)
                .username(email)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(
                        a -> a.name("email").value(email),
                        a -> a.name("email_verified").value(String.valueOf(emailVerified))));
        Emulator.COGNITO.adminSetUserPassword(
                r -> r.userPoolId(poolId).username(email).password(PASSWORD).permanent(true));
        return signIn(config, email);
    }

    public static SignedIn signIn(RewindConfig config, String email) {
        AuthenticationResultType tokens = Emulator.COGNITO
                .initiateAuth(r -> r.clientId(config.userPool().clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD)))
                .authenticationResult();
        String sub = Emulator.COGNITO.getUser(r -> r.accessToken(tokens.accessToken())).userAttributes().stream()
                .filter(a -> a.name().equals("sub"))
                .findFirst()
                .orElseThrow()
                .value();
        return new SignedIn(sub, email, tokens.idToken(), tokens.accessToken(), tokens.refreshToken());
    }
}
