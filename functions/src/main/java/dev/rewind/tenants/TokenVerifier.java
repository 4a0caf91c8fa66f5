package dev.rewind.tenants;

/** Checks a user's bearer token exactly as AWS would (the Cognito adapter, dev.rewind.aws.CognitoTokens). */
public interface TokenVerifier {
    /** The token's user; a token that is not valid for this pool and app client is {@code Refused(INVALID_TOKEN)}. */
    User verify(String token);
}
