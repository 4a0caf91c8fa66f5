package dev.rewind;

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
        String chunksBucket,
        String publicApiUrl,
        String consoleUrl,
        String sdkUrl) {

    public static RewindConfig fromEnvironment() {
        String api = env("PUBLIC_API_URL", "http://localhost:8080");
        return new RewindConfig(Tables.TENANTS.name(), Tables.KEYS.name(), Tables.SESSIONS.name(),
                ChunkBucket.name(), api, env("CONSOLE_URL", api), env("SDK_URL", api + "/sdk/rewind.js"));
    }

    /** A set of resources of its own, e.g. one per test class, named {@code <prefix>-<table>}. */
    public RewindConfig withPrefix(String prefix) {
        return new RewindConfig(prefix + "-tenants", prefix + "-keys", prefix + "-sessions",
                prefix + "-chunks", publicApiUrl, consoleUrl, sdkUrl);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
