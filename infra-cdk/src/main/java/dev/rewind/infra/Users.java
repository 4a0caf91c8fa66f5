package dev.rewind.infra;

import dev.rewind.aws.UserPools;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.ClientAttributes;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttributesMask;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.constructs.Construct;

/**
 * The console's people (docs/SECURITY.md, "Users and roles"): a Cognito user pool with the email as
 * the username, verified by a code Cognito mails, the password policy of {@link UserPools} (which the
 * local bootstrap uses too), optional TOTP MFA, and one app client without a secret for the console:
 * USER_PASSWORD_AUTH and refresh, refresh tokens revocable at sign-out. The console talks to Cognito
 * directly; a password never passes through a Rewind function.
 */
public final class Users extends Construct {
    private final UserPool pool;
    private final UserPoolClient consoleClient;

    public Users(Construct scope, String id, boolean deletionProtection) {
        super(scope, id);
        this.pool = UserPool.Builder.create(this, "Pool")
                .signInAliases(SignInAliases.builder().email(true).build())
                .selfSignUpEnabled(true)
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(UserPools.MIN_PASSWORD_LENGTH)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(false)
                        .build())
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(deletionProtection)
                .removalPolicy(deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        this.consoleClient = pool.addClient(
                "Console",
                software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                        .userPoolClientName(UserPools.CLIENT_NAME)
                        .generateSecret(false)
                        .authFlows(AuthFlow.builder().userPassword(true).build())
                        .enableTokenRevocation(true)
                        .preventUserExistenceErrors(true)
                        .readAttributes(new ClientAttributes()
                                .withStandardAttributes(StandardAttributesMask.builder()
                                        .email(true)
                                        .emailVerified(true)
                                        .build()))
                        .build());
    }

    public UserPool pool() {
        return pool;
    }

    public UserPoolClient consoleClient() {
        return consoleClient;
    }
}
