package dev.rewind.aws;

import dev.rewind.common.RewindConfig;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The console's user pool in an emulator, as the CDK app makes it in AWS (infra-cdk Users): email as
 * the username, verified email, the password policy of {@link #MIN_PASSWORD_LENGTH}, and one app
 * client without a secret allowing USER_PASSWORD_AUTH and refresh.
 */
public final class UserPools {
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final String CLIENT_NAME = "console";

    private UserPools() {}

    /** Creates a pool and its console client; the config names them. */
    public static RewindConfig create(CognitoIdentityProviderClient cognito, RewindConfig config, String poolName) {
        String poolId = cognito.createUserPool(r -> r.poolName(poolName)
                        .usernameAttributes(UsernameAttributeType.EMAIL)
                        .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                        .policies(p -> p.passwordPolicy(pw -> pw.minimumLength(MIN_PASSWORD_LENGTH)
                                .requireLowercase(true)
                                .requireUppercase(true)
                                .requireNumbers(true)
                                .requireSymbols(false))))
                .userPool()
                .id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId)
                        .clientName(CLIENT_NAME)
                        .generateSecret(false)
                        .explicitAuthFlows(
                                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                        .readAttributes("email", "email_verified")
                        .enableTokenRevocation(true))
                .userPoolClient()
                .clientId();
        return config.withUserPool(poolId, clientId);
    }
}
