package dev.rewind.security;

import dev.rewind.common.RewindConfig;
import dev.rewind.sessions.SessionState;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Everything stored that does not belong to one tenant (the attacker), read straight from S3 and
 * DynamoDB: every chunk object with its ETag and size, every item of every table. Two snapshots are
 * equal when nothing of anyone else changed.
 */
record StorageSnapshot(
        Map<String, String> objects,
        List<Map<String, AttributeValue>> tenants,
        List<Map<String, AttributeValue>> keys,
        List<Map<String, AttributeValue>> sessions) {

    static StorageSnapshot exceptTenant(RewindConfig config, String attackerTenantId) {
        Map<String, String> objects = new TreeMap<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = Emulator.S3.listObjectsV2(
                    r -> r.bucket(config.chunksBucket()).continuationToken(continuation));
            page.contents().stream()
                    .filter(o -> !o.key().startsWith(ChunkBucket.tenantPrefix(attackerTenantId)))
                    .forEach(o -> objects.put(o.key(), o.eTag() + " " + o.size()));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return new StorageSnapshot(
                objects,
                items(config.tenantsTable(), item -> !attackerTenantId.equals(text(item, "tenantId"))),
                items(config.keysTable(), item -> !attackerTenantId.equals(text(item, "tenantId"))),
                items(config.sessionsTable(), item -> !text(item, "pk").startsWith(attackerTenantId + "#")));
    }

    /** Every item of a table (scanned: a test audit, never a request path), in a stable order. */
    static List<Map<String, AttributeValue>> items(
            String table, java.util.function.Predicate<Map<String, AttributeValue>> keep) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = Emulator.DYNAMO.scan(r -> r.tableName(table).exclusiveStartKey(from));
            page.items().stream().filter(keep).map(TreeMap::new).forEach(items::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        items.sort(java.util.Comparator.comparing(Object::toString));
        return items;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    /** A binary attribute as text: the session state is stored deflated, so it is read inflated. */
    private static String binaryText(byte[] bytes) {
        try {
            return SessionState.fromStored(bytes).toJson();
        } catch (IllegalArgumentException notAState) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Every string inside an attribute value, however nested. */
    static String allText(AttributeValue value) {
        StringBuilder out = new StringBuilder();
        if (value.s() != null) out.append(value.s());
        if (value.n() != null) out.append(value.n());
        if (value.hasSs()) value.ss().forEach(s -> out.append(s).append(' '));
        if (value.hasNs()) value.ns().forEach(s -> out.append(s).append(' '));
        if (value.hasL()) value.l().forEach(v -> out.append(allText(v)).append(' '));
        if (value.hasM())
            value.m()
                    .forEach((k, v) ->
                            out.append(k).append(':').append(allText(v)).append(' '));
        if (value.b() != null) out.append(binaryText(value.b().asByteArray()));
        return out.toString();
    }
}
