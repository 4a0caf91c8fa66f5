package dev.rewind.retention;

import dev.rewind.Rewind;
import dev.rewind.common.RewindConfig;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.Emulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What is really stored, read straight from the emulator: every chunk object under a tenant's prefix and
 * every item of the sessions table, listed or not, so nothing the API hides can hide from a test.
 */
final class Stored {
    private Stored() {}

    /** The session ids that own at least one chunk object of the tenant. */
    static Set<String> sessionsWithChunks(Rewind rewind, String tenantId) {
        Set<String> ids = new TreeSet<>();
        String prefix = ChunkBucket.tenantPrefix(tenantId) + "s/";
        for (String key : rewind.chunks.keys(tenantId)) {
            ids.add(key.substring(prefix.length(), key.indexOf('/', prefix.length())));
        }
        return ids;
    }

    /** Every chunk object key of the tenant. */
    static Set<String> chunkKeys(Rewind rewind, String tenantId) {
        return new TreeSet<>(rewind.chunks.keys(tenantId));
    }

    static Set<String> chunkKeysOf(Rewind rewind, String tenantId, String sessionId) {
        Set<String> keys = new TreeSet<>();
        for (String key : rewind.chunks.keys(tenantId)) {
            if (key.startsWith(ChunkBucket.sessionPrefix(tenantId, sessionId))) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The session ids of every item in the sessions table that belongs to the tenant (a full Scan), but
     * tombstones: they hold no recording data (see {@link #TOMBSTONE_ATTRIBUTES}).
     */
    static Set<String> sessionItems(Rewind rewind, String tenantId) {
        Set<String> ids = new TreeSet<>();
        items(rewind, tenantId).forEach((id, item) -> {
            if (!item.containsKey("deletedAt")) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Every attribute a deleted session's tombstone may have: nothing recorded, no user id, no index key. */
    static final Set<String> TOMBSTONE_ATTRIBUTES = Set.of("pk", "sessionId", "deletedAt", "version", "expiresAt");

    /** The tenant's items in the sessions table by session id, attribute by attribute, tombstones included. */
    static Map<String, Map<String, AttributeValue>> items(Rewind rewind, String tenantId) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        String prefix = tenantId + "#";
        Emulator.DYNAMO
                .scanPaginator(r -> r.tableName(rewind.config.sessionsTable()).consistentRead(true))
                .items()
                .forEach((Map<String, AttributeValue> item) -> {
                    String pk = item.get("pk").s();
                    if (pk.startsWith(prefix)) {
                        items.put(pk.substring(prefix.length()), item);
                    }
                });
        return items;
    }

    /** The session ids the tenant's share items in the keys table point at, expired or not. */
    static Set<String> sharedSessions(Rewind rewind, String tenantId) {
        Set<String> ids = new TreeSet<>();
        Emulator.DYNAMO
                .scanPaginator(r -> r.tableName(rewind.config.keysTable()).consistentRead(true))
                .items()
                .forEach((Map<String, AttributeValue> item) -> {
                    if ("share".equals(text(item, "kind")) && tenantId.equals(text(item, "tenantId"))) {
                        ids.add(text(item, "sessionId"));
                    }
                });
        return ids;
    }

    /** The tenant's user links (user id → session id) in the user-sessions table, as "userId→sessionId". */
    static Set<String> userLinks(Rewind rewind, String tenantId) {
        Set<String> links = new TreeSet<>();
        String prefix = tenantId + "#";
        Emulator.DYNAMO
                .scanPaginator(
                        r -> r.tableName(rewind.config.userSessionsTable()).consistentRead(true))
                .items()
                .forEach((Map<String, AttributeValue> item) -> {
                    String userKey = text(item, "userKey");
                    if (userKey.startsWith(prefix)) {
                        links.add(userKey.substring(prefix.length()) + "→" + text(item, "sessionId"));
                    }
                });
        return links;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** Deletes a test's tables and bucket, so the shared emulator does not grow with every run. */
    static void drop(RewindConfig config) {
        for (String table : List.of(
                config.tenantsTable(), config.keysTable(), config.sessionsTable(), config.userSessionsTable())) {
            Emulator.DYNAMO.deleteTable(r -> r.tableName(table));
        }
        Emulator.S3
                .listObjectsV2Paginator(r -> r.bucket(config.chunksBucket()))
                .contents()
                .forEach(o -> Emulator.S3.deleteObject(
                        r -> r.bucket(config.chunksBucket()).key(o.key())));
        Emulator.S3.deleteBucket(r -> r.bucket(config.chunksBucket()));
    }
}
