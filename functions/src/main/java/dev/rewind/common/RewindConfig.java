package dev.rewind.common;

import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.Tables;

/**
 * Where this deployment's resources are and how it is reached. The CDK app sets the environment
 * variables (the SDK is served by the console's CloudFront there); locally the defaults name the
 * resources the bootstrap creates and the local runner serves everything on one origin.
 */
public record RewindConfig(
        String tenantsTable,
        String keysTable,
        String sessionsTable,
        String userSessionsTable,
        String teamsTable,
        String auditTable,
        String usageTable,
        String insightsTable,
        String chunksBucket,
        String publicApiUrl,
        String consoleUrl,
        String sdkUrl,
        UserPool userPool) {

    /** The environment variables naming the public URLs (the tables' and bucket's are in Tables and ChunkBucket). */
    public static final String ENV_PUBLIC_API_URL = "PUBLIC_API_URL";

    public static final String ENV_CONSOLE_URL = "CONSOLE_URL";
    public static final String ENV_SDK_URL = "SDK_URL";
    /** The Cognito user pool the console's users sign in to (docs/SECURITY.md, "Users and roles"). */
    public static final String ENV_USER_POOL_ID = "USER_POOL_ID";

    public static final String ENV_USER_POOL_CLIENT_ID = "USER_POOL_CLIENT_ID";

    /**
     * The user pool and its console app client. {@code region} names the issuer
     * ({@code https://cognito-idp.<region>.amazonaws.com/<poolId>}); null ids mean no pool is configured,
     * and only api keys sign in.
     */
    public record UserPool(String region, String poolId, String clientId) {
        public String issuer() {
            return "https://cognito-idp." + region + ".amazonaws.com/" + poolId;
        }

        public boolean configured() {
            return poolId != null && clientId != null;
        }
    }

    public static RewindConfig fromEnvironment() {
        return fromEnvironment("http://localhost:8080");
    }

    /** The configuration from the environment; where it names no URLs, everything is served from {@code defaultApiUrl}. */
    public static RewindConfig fromEnvironment(String defaultApiUrl) {
        String api = env(ENV_PUBLIC_API_URL, defaultApiUrl);
        return new RewindConfig(
                Tables.TENANTS.name(),
                Tables.KEYS.name(),
                Tables.SESSIONS.name(),
                Tables.USER_SESSIONS.name(),
                Tables.TEAMS.name(),
                Tables.AUDIT.name(),
                Tables.USAGE.name(),
                Tables.INSIGHTS.name(),
                ChunkBucket.name(),
                api,
                env(ENV_CONSOLE_URL, api),
                env(ENV_SDK_URL, api + "/sdk/rewind.js"),
                new UserPool(region(), env(ENV_USER_POOL_ID, null), env(ENV_USER_POOL_CLIENT_ID, null)));
    }

    /** A set of resources of its own, e.g. one per test class, named {@code <prefix>-<table>}. */
    public RewindConfig withPrefix(String prefix) {
        return new RewindConfig(
                prefix + "-tenants",
                prefix + "-keys",
                prefix + "-sessions",
                prefix + "-user-sessions",
                prefix + "-teams",
                prefix + "-audit",
                prefix + "-usage",
                prefix + "-insights",
                prefix + "-chunks",
                publicApiUrl,
                consoleUrl,
                sdkUrl,
                userPool);
    }

    /** The same resources with this user pool and app client (the local bootstrap creates them in the emulator). */
    public RewindConfig withUserPool(String poolId, String clientId) {
        return new RewindConfig(
                tenantsTable,
                keysTable,
                sessionsTable,
                userSessionsTable,
                teamsTable,
                auditTable,
                usageTable,
                insightsTable,
                chunksBucket,
                publicApiUrl,
                consoleUrl,
                sdkUrl,
                new UserPool(userPool.region(), poolId, clientId));
    }

    private static String region() {
        return env("AWS_REGION", env("AWS_DEFAULT_REGION", "us-east-1"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
