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
        String usageTable,
        String chunksBucket,
        String publicApiUrl,
        String consoleUrl,
        String sdkUrl) {

    /** The environment variables naming the public URLs (the tables' and bucket's are in Tables and ChunkBucket). */
    public static final String ENV_PUBLIC_API_URL = "PUBLIC_API_URL";
    public static final String ENV_CONSOLE_URL = "CONSOLE_URL";
    public static final String ENV_SDK_URL = "SDK_URL";

    public static RewindConfig fromEnvironment() {
        return fromEnvironment("http://localhost:8080");
    }

    /** The configuration from the environment; where it names no URLs, everything is served from {@code defaultApiUrl}. */
    public static RewindConfig fromEnvironment(String defaultApiUrl) {
        String api = env(ENV_PUBLIC_API_URL, defaultApiUrl);
        return new RewindConfig(Tables.TENANTS.name(), Tables.KEYS.name(), Tables.SESSIONS.name(),
                Tables.USER_SESSIONS.name(), Tables.USAGE.name(), ChunkBucket.name(), api, env(ENV_CONSOLE_URL, api), env(ENV_SDK_URL, api + "/sdk/rewind.js"));
    }

    /** A set of resources of its own, e.g. one per test class, named {@code <prefix>-<table>}. */
    public RewindConfig withPrefix(String prefix) {
        return new RewindConfig(prefix + "-tenants", prefix + "-keys", prefix + "-sessions",
                prefix + "-user-sessions", prefix + "-usage", prefix + "-chunks", publicApiUrl, consoleUrl, sdkUrl);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
