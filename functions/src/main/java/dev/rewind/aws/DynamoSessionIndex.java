package dev.rewind.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.sessions.SessionFilters;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import dev.rewind.storage.Tables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The session index in DynamoDB. A list page is one Query on a keys-only index (newest first within
 * the time range) and one BatchGet of the full items; filters the index cannot express are applied to
 * the fetched items, and the page ends with a cursor wherever reading stopped (docs/DATA-MODEL.md).
 */
public final class DynamoSessionIndex implements SessionIndex {
    /** Keys read per page when filters apply after the read: BatchGetItem's maximum. */
    static final int FILTERED_PAGE_KEYS = 100;

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<SessionItem> table;
    private final DynamoDbTable<SessionItem> tombstones;
    private final DynamoDbTable<UserSessionItem> userSessions;

    public DynamoSessionIndex(DynamoDbEnhancedClient enhanced, String tableName, String userSessionsTableName) {
        this.enhanced = enhanced;
        this.table = enhanced.table(tableName, SessionItem.SCHEMA);
        this.tombstones = enhanced.table(tableName, SessionItem.TOMBSTONE_SCHEMA);
        this.userSessions = enhanced.table(userSessionsTableName, UserSessionItem.SCHEMA);
    }

    @Override
    public Optional<SessionRecord> load(String tenantId, String sessionId) {
        SessionItem item = table.getItem(r -> r.key(key(tenantId, sessionId)).consistentRead(true));
        return Optional.ofNullable(item).map(DynamoSessionIndex::toRecord);
    }

    @Override
    public boolean save(SessionRecord record, long expiresAtEpochSeconds) {
        SessionItem item = toItem(record, expiresAtEpochSeconds);
        try {
            table.putItem(item);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The item a record is stored as; its index keys follow from the state (docs/DATA-MODEL.md). */
    public static SessionItem toItem(SessionRecord record, long expiresAtEpochSeconds) {
        SessionItem item = new SessionItem();
        item.setPk(SessionItem.pk(record.tenantId, record.sessionId));
        item.setSessionId(record.sessionId);
        item.setSeqs(record.seqs);
        item.setProcessedThrough(record.processedThrough);
        item.setState(SdkBytes.fromByteArrayUnsafe(record.state.toStored()));
        item.setUserAgent(record.userAgent);
        item.setVersion(record.version);
        item.setExpiresAt(expiresAtEpochSeconds);
        item.setGapSince(record.gapSince == 0 ? null : record.gapSince);
        item.setLastChunkAt(record.lastChunkAt == 0 ? null : record.lastChunkAt);
        item.setFinishedAt(record.finishedAt == 0 ? null : record.finishedAt);
        item.setUserIds(record.userIds.isEmpty() ? null : record.userIds);
        item.setHotspotsCounted(record.hotspotsCounted);
        if (!record.isListed() && record.gapSince > 0) {
            // a fragment (seq 0 missing): it waits in the by-open index, by when its chunks began waiting,
            // for the finisher to aggregate them; it is in no list index, whose partition keys need a start
            item.setStartKey(SessionItem.startKey(record.gapSince, record.sessionId));
        }
        if (record.isListed()) {
            SessionState state = record.state;
            String startKey = SessionItem.startKey(state.startedAt(), record.sessionId);
            item.setTenantId(record.tenantId);
            item.setStartKey(startKey);
            if (state.userId() != null) {
                item.setUserKey(SessionItem.userKey(record.tenantId, state.userId()));
            }
            for (String flag : state.flags()) {
                item.setFlagKey(FrustrationType.ofCode(flag), record.tenantId);
            }
        }
        if (record.isOpen() && item.getStartKey() != null) {
            item.setOpenKey(record.tenantId);
        }
        return item;
    }

    @Override
    public SessionPage list(String tenantId, SessionQuery query, long notBefore) {
        IndexChoice choice = IndexChoice.of(tenantId, query);
        long from = Math.max(query.from(), notBefore);
        if (from > query.to()) {
            return new SessionPage(List.of(), null);
        }
        boolean filtered = query.filtersAfterRead() || choice.filtersFlags;
        int keysToRead = filtered ? FILTERED_PAGE_KEYS : query.limit();
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBetween(
                        Key.builder()
                                .partitionValue(choice.partitionValue)
                                .sortValue(String.format("%013d", from))
                                .build(),
                        Key.builder()
                                .partitionValue(choice.partitionValue)
                                .sortValue(String.format("%013d", query.to()) + "~")
                                .build()))
                .scanIndexForward(false)
                .limit(keysToRead);
        if (query.cursor() != null) {
            request.exclusiveStartKey(Cursor.decode(query.cursor(), choice));
        }
        DynamoDbIndex<SessionItem> index = table.index(choice.indexName);
        Iterator<Page<SessionItem>> pages = index.query(request.build()).iterator();
        Page<SessionItem> page = pages.next();
        List<SessionItem> keys = page.items();
        if (keys.isEmpty()) {
            return new SessionPage(
                    List.of(), page.lastEvaluatedKey() == null ? null : Cursor.encode(page.lastEvaluatedKey(), choice));
        }

        Map<String, SessionItem> full = batchGet(keys);
        List<SessionRecord> matches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SessionItem item = full.get(keys.get(i).getPk());
            if (item == null || item.getProcessedThrough() == null || item.getProcessedThrough() < 0) {
                continue; // deleted between Query and BatchGet
            }
            SessionRecord record = toRecord(item);
            if (SessionFilters.matches(record.state, query)) {
                matches.add(record);
                if (matches.size() == query.limit()) {
                    boolean readAll = i == keys.size() - 1;
                    String next = readAll && page.lastEvaluatedKey() == null
                            ? null
                            : Cursor.encode(Cursor.keyOf(keys.get(i), choice), choice);
                    return new SessionPage(matches, next);
                }
            }
        }
        return new SessionPage(
                matches, page.lastEvaluatedKey() == null ? null : Cursor.encode(page.lastEvaluatedKey(), choice));
    }

    private Map<String, SessionItem> batchGet(List<SessionItem> keys) {
        ReadBatch.Builder<SessionItem> batch =
                ReadBatch.builder(SessionItem.class).mappedTableResource(table);
        for (SessionItem k : keys) {
            batch.addGetItem(Key.builder().partitionValue(k.getPk()).build());
        }
        Map<String, SessionItem> byPk = new HashMap<>();
        enhanced.batchGetItem(r -> r.readBatches(batch.build()))
                .resultsForTable(table)
                .forEach(item -> byPk.put(item.getPk(), item));
        return byPk;
    }

    private static Key key(String tenantId, String sessionId) {
        return Key.builder().partitionValue(SessionItem.pk(tenantId, sessionId)).build();
    }

    /** The record an item holds (the inverse of {@link #toItem}). */
    public static SessionRecord toRecord(SessionItem item) {
        String tenantId = item.getPk().substring(0, item.getPk().indexOf('#'));
        SessionRecord record = new SessionRecord(
                tenantId,
                item.getSessionId(),
                item.getSeqs() == null ? java.util.Set.of() : item.getSeqs(),
                item.getProcessedThrough() == null ? -1 : item.getProcessedThrough(),
                item.getState() == null
                        ? SessionState.empty()
                        : SessionState.fromStored(item.getState().asByteArrayUnsafe()),
                item.getUserAgent(),
                item.getVersion());
        record.gapSince = item.getGapSince() == null ? 0 : item.getGapSince();
        record.lastChunkAt = item.getLastChunkAt() == null ? 0 : item.getLastChunkAt();
        record.finishedAt = item.getFinishedAt() == null ? 0 : item.getFinishedAt();
        if (item.getUserIds() != null) {
            record.userIds.addAll(item.getUserIds());
        }
        record.deletedAt = item.getDeletedAt() == null ? 0 : item.getDeletedAt();
        record.hotspotsCounted = item.getHotspotsCounted();
        return record;
    }

    /** Which index serves a query: the user's, else the first flag's, else all sessions by start. */
    record IndexChoice(String indexName, String partitionAttribute, String partitionValue, boolean filtersFlags) {
        static IndexChoice of(String tenantId, SessionQuery query) {
            if (query.userId() != null) {
                return new IndexChoice(
                        Tables.BY_USER,
                        "userKey",
                        SessionItem.userKey(tenantId, query.userId()),
                        !query.flags().isEmpty());
            }
            if (!query.flags().isEmpty()) {
                Tables.FlagIndex flag =
                        Tables.flagIndex(FrustrationType.ofCode(query.flags().get(0)));
                return new IndexChoice(flag.name(), flag.partitionAttribute(), tenantId, false);
            }
            return new IndexChoice(Tables.BY_START, "tenantId", tenantId, false);
        }
    }

    /**
     * An opaque page cursor: the index and the last key read, base64url JSON. It is checked against the
     * caller's tenant and filters on the way back in, so it cannot read another tenant's index.
     */
    static final class Cursor {
        static String encode(Map<String, AttributeValue> key, IndexChoice choice) {
            ObjectNode node = Json.object();
            node.put("i", choice.indexName);
            ObjectNode k = node.putObject("k");
            key.forEach((name, value) -> k.put(name, value.s()));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
        }

        static Map<String, AttributeValue> keyOf(SessionItem item, IndexChoice choice) {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            key.put("pk", AttributeValue.fromS(item.getPk()));
            key.put(choice.partitionAttribute, AttributeValue.fromS(choice.partitionValue));
            key.put(Tables.START_KEY, AttributeValue.fromS(item.getStartKey()));
            return key;
        }

        static Map<String, AttributeValue> decode(String cursor, IndexChoice choice) {
            try {
                JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
                JsonNode k = node.get("k");
                if (!choice.indexName.equals(node.path("i").asText())
                        || !choice.partitionValue.equals(
                                k.path(choice.partitionAttribute).asText())
                        || !k.path("pk")
                                .asText()
                                .startsWith(choice.partitionValue.split("#")[0] + "#")
                        || !k.path(Tables.START_KEY).isTextual()
                        || k.size() != 3) {
                    throw new IllegalArgumentException("cursor does not belong to this query");
                }
                Map<String, AttributeValue> key = new LinkedHashMap<>();
                k.fields()
                        .forEachRemaining(e -> key.put(
                                e.getKey(), AttributeValue.fromS(e.getValue().asText())));
                return key;
            } catch (Exception e) {
                throw new Refused(Reason.INVALID_CURSOR, "cursor is not valid for this query");
            }
        }
    }

    @Override
    public List<StartEntry> startedBefore(String tenantId, long before, StartEntry after, int max) {
        Page<SessionItem> page = startedBefore(Tables.BY_START, "tenantId", tenantId, before, after, max);
        List<StartEntry> entries = new ArrayList<>();
        for (SessionItem item : page.items()) {
            entries.add(new StartEntry(item.getPk().substring(tenantId.length() + 1), item.getStartKey()));
        }
        return entries;
    }

    /**
     * One page of a tenant's entries in a by-start index ({@code byStart}, {@code byOpen}), oldest first,
     * that started before {@code before}, after the entry {@code after} (exclusive) when given.
     */
    private Page<SessionItem> startedBefore(
            String index, String partitionAttribute, String tenantId, long before, StartEntry after, int max) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortLessThan(Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(String.format("%013d", before))
                        .build()))
                .scanIndexForward(true)
                .limit(max);
        if (after != null) {
            Map<String, AttributeValue> start = new LinkedHashMap<>();
            start.put("pk", AttributeValue.fromS(SessionItem.pk(tenantId, after.sessionId())));
            start.put(partitionAttribute, AttributeValue.fromS(tenantId));
            start.put(Tables.START_KEY, AttributeValue.fromS(after.startKey()));
            request.exclusiveStartKey(start);
        }
        return table.index(index).query(request.build()).iterator().next();
    }

    @Override
    public OpenPage openStartedBefore(String tenantId, long before, StartEntry after, int max) {
        Page<SessionItem> page = startedBefore(Tables.BY_OPEN, Tables.OPEN_KEY, tenantId, before, after, max);
        List<SessionItem> keys = page.items();
        if (keys.isEmpty()) {
            return new OpenPage(List.of(), null);
        }
        SessionItem last = keys.get(keys.size() - 1);
        StartEntry next = page.lastEvaluatedKey() == null
                ? null
                : new StartEntry(last.getPk().substring(tenantId.length() + 1), last.getStartKey());
        Map<String, SessionItem> full = batchGet(keys);
        List<OpenSession> open = new ArrayList<>();
        for (SessionItem key : keys) {
            SessionItem item = full.get(key.getPk());
            if (item == null || item.getFinishedAt() != null) {
                continue; // deleted or finished since the index was written: the index lags its table
            }
            open.add(new OpenSession(item.getSessionId(), item.getLastChunkAt() == null ? 0 : item.getLastChunkAt()));
        }
        return new OpenPage(open, next);
    }

    @Override
    public Optional<SessionRecord> replaceWithTombstone(
            String tenantId, String sessionId, long deletedAt, long expiresAtEpochSeconds) {
        SessionItem tombstone = new SessionItem();
        tombstone.setPk(SessionItem.pk(tenantId, sessionId));
        tombstone.setSessionId(sessionId);
        tombstone.setDeletedAt(deletedAt);
        tombstone.setVersion(0L);
        tombstone.setExpiresAt(expiresAtEpochSeconds);
        // one request reads what it replaces: a chunk indexed an instant before still has its user ids read
        SessionItem replaced = tombstones
                .putItemWithResponse(PutItemEnhancedRequest.builder(SessionItem.class)
                        .item(tombstone)
                        .returnValues(ReturnValue.ALL_OLD)
                        .build())
                .attributes();
        return Optional.ofNullable(replaced).map(DynamoSessionIndex::toRecord).filter(r -> !r.isDeleted());
    }

    @Override
    public void linkUser(String tenantId, String userId, String sessionId, long expiresAtEpochSeconds) {
        UserSessionItem link = new UserSessionItem();
        link.setUserKey(SessionItem.userKey(tenantId, userId));
        link.setSessionId(sessionId);
        link.setExpiresAt(expiresAtEpochSeconds);
        userSessions.putItem(link);
    }

    @Override
    public List<String> sessionsOfUser(String tenantId, String userId) {
        List<String> sessionIds = new ArrayList<>();
        userSessions
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder()
                                .partitionValue(SessionItem.userKey(tenantId, userId))
                                .build()))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(link -> sessionIds.add(link.getSessionId()));
        return sessionIds;
    }

    @Override
    public TenantScan tenantSessions(String tenantId, String after, int max) {
        ScanEnhancedRequest.Builder request = ScanEnhancedRequest.builder()
                .filterExpression(beginsWith("pk", tenantId))
                .attributesToProject("pk")
                .consistentRead(true)
                .limit(max);
        if (after != null) {
            request.exclusiveStartKey(Map.of("pk", AttributeValue.fromS(after)));
        }
        Page<SessionItem> page = tombstones.scan(request.build()).iterator().next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        String prefix = tenantId + "#";
        return new TenantScan(
                page.items().stream()
                        .map(item -> item.getPk().substring(prefix.length()))
                        .toList(),
                last == null || last.isEmpty() ? null : last.get("pk").s());
    }

    @Override
    public void forget(String tenantId, String sessionId) {
        tombstones.deleteItem(key(tenantId, sessionId));
    }

    @Override
    public String unlinkTenantUsers(String tenantId, String after, int max) {
        ScanEnhancedRequest.Builder request = ScanEnhancedRequest.builder()
                .filterExpression(beginsWith("userKey", tenantId))
                .consistentRead(true)
                .limit(max);
        if (after != null) {
            int split = after.indexOf('\n');
            request.exclusiveStartKey(Map.of(
                    "userKey", AttributeValue.fromS(after.substring(0, split)),
                    "sessionId", AttributeValue.fromS(after.substring(split + 1))));
        }
        Page<UserSessionItem> page =
                userSessions.scan(request.build()).iterator().next();
        page.items().forEach(userSessions::deleteItem);
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return last == null || last.isEmpty()
                ? null
                : last.get("userKey").s() + "\n" + last.get("sessionId").s();
    }

    /** {@code attribute} starts with the tenant's id and the separator. */
    private static Expression beginsWith(String attribute, String tenantId) {
        return Expression.builder()
                .expression("begins_with(#a, :p)")
                .expressionNames(Map.of("#a", attribute))
                .expressionValues(Map.of(":p", AttributeValue.fromS(tenantId + "#")))
                .build();
    }

    @Override
    public void unlinkUser(String tenantId, String userId, String sessionId) {
        userSessions.deleteItem(Key.builder()
                .partitionValue(SessionItem.userKey(tenantId, userId))
                .sortValue(sessionId)
                .build());
    }

    @Override
    public boolean deleteIfUnchanged(String tenantId, String sessionId, long version) {
        Expression sameVersion = Expression.builder()
                .expression("#v = :v")
                .expressionNames(Map.of("#v", "version"))
                .expressionValues(Map.of(":v", AttributeValue.fromN(Long.toString(version))))
                .build();
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder()
                    .key(key(tenantId, sessionId))
                    .conditionExpression(sameVersion)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
