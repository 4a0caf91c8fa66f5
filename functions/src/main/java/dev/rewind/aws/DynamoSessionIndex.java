package dev.rewind.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
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
 * The session index in DynamoDB. A list page is one Query of each partition of a keys-only index (newest first
 * within the time range; the shards of a tenant's index and its unsharded key in parallel, merged in order)
 * and one BatchGet of the full items; filters the index cannot express are applied to the fetched items, and
 * the page ends with a cursor wherever reading stopped (docs/DATA-MODEL.md, "Sharded indexes").
 */
public final class DynamoSessionIndex implements SessionIndex {
    /** Keys read per page when filters apply after the read: BatchGetItem's maximum. */
    static final int FILTERED_PAGE_KEYS = 100;

    /**
     * The threads that Query a sharded index's partitions side by side (one page of a list or a walk waits for
     * all of them); daemon threads, so they never keep a JVM alive.
     */
    private static final ExecutorService SHARD_READS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "index-shard-read");
        thread.setDaemon(true);
        return thread;
    });

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
        item.setAssetSeqs(record.assetSeqs.isEmpty() ? null : record.assetSeqs);
        item.setHotspotsCounted(record.hotspotsCounted);
        item.setErrorsCounted(record.errorsCounted);
        if (!record.isListed() && record.gapSince > 0) {
            // a fragment (seq 0 missing): it waits in the by-open index, by when its chunks began waiting,
            // for the finisher to aggregate them; it is in no list index, whose partition keys need a start
            item.setStartKey(SessionItem.startKey(record.gapSince, record.sessionId));
        }
        if (record.isListed()) {
            SessionState state = record.state;
            String startKey = SessionItem.startKey(state.startedAt(), record.sessionId);
            String shard = Tables.shardKey(record.tenantId, record.sessionId);
            item.setTenantId(shard);
            item.setStartKey(startKey);
            if (state.userId() != null) {
                item.setUserKey(SessionItem.userKey(record.tenantId, state.userId()));
            }
            for (String flag : state.flags()) {
                item.setFlagKey(FrustrationType.ofCode(flag), shard);
            }
        }
        if (record.isOpen() && item.getStartKey() != null) {
            item.setOpenKey(Tables.shardKey(record.tenantId, record.sessionId));
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
        List<ShardMerge.Position> positions = query.cursor() == null
                ? ShardMerge.Position.start(choice.partitions.size())
                : Cursor.decode(query.cursor(), choice);
        List<ShardMerge.ShardPage> pages = readShards(choice.partitions, positions, (partition, after) -> {
            QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.sortBetween(
                            Key.builder()
                                    .partitionValue(partition)
                                    .sortValue(String.format("%013d", from))
                                    .build(),
                            Key.builder()
                                    .partitionValue(partition)
                                    .sortValue(String.format("%013d", query.to()) + "~")
                                    .build()))
                    .scanIndexForward(false)
                    .limit(keysToRead);
            return query(choice.indexName, choice.partitionAttribute, tenantId, partition, request, after);
        });
        List<ShardMerge.Taken> merged = ShardMerge.merge(pages, true, keysToRead);
        List<SessionItem> keys = merged.stream()
                .filter(t -> !t.duplicate())
                .map(ShardMerge.Taken::entry)
                .toList();
        Map<String, SessionItem> full = keys.isEmpty() ? Map.of() : batchGet(keys);
        List<SessionRecord> matches = new ArrayList<>();
        int consumed = merged.size();
        for (int i = 0; i < merged.size(); i++) {
            if (merged.get(i).duplicate()) {
                continue;
            }
            SessionItem item = full.get(merged.get(i).entry().getPk());
            if (item == null || item.getProcessedThrough() == null || item.getProcessedThrough() < 0) {
                continue; // deleted between Query and BatchGet
            }
            SessionRecord record = toRecord(item);
            if (SessionFilters.matches(record.state, query)) {
                matches.add(record);
                if (matches.size() == query.limit()) {
                    consumed = i + 1;
                    break;
                }
            }
        }
        List<ShardMerge.Position> next = ShardMerge.next(positions, pages, merged, consumed);
        return new SessionPage(
                matches, next.stream().allMatch(ShardMerge.Position::done) ? null : Cursor.encode(next, choice));
    }

    /** One shard's Query: from where it stopped (a start key, exclusive), or from its start. */
    private interface ShardQuery {
        ShardMerge.ShardPage read(String partition, String after);
    }

    /**
     * Reads every shard not done yet, in parallel (one Query each); a done shard's page is null. A failure of any
     * Query leaves as it was thrown, so AwsStores sees the SDK's exception.
     */
    private static List<ShardMerge.ShardPage> readShards(
            List<String> partitions, List<ShardMerge.Position> positions, ShardQuery shardQuery) {
        List<Future<ShardMerge.ShardPage>> reads = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            ShardMerge.Position position = positions.get(i);
            String partition = partitions.get(i);
            reads.add(
                    position.done()
                            ? CompletableFuture.completedFuture(null)
                            : SHARD_READS.submit(() -> shardQuery.read(partition, position.after())));
        }
        List<ShardMerge.ShardPage> pages = new ArrayList<>();
        try {
            for (Future<ShardMerge.ShardPage> read : reads) {
                pages.add(read.get());
            }
        } catch (ExecutionException e) {
            reads.forEach(r -> r.cancel(true));
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            reads.forEach(r -> r.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the index shards", e);
        }
        return pages;
    }

    /** One Query of one partition of an index, continuing after the start key {@code after} when given. */
    private ShardMerge.ShardPage query(
            String indexName,
            String partitionAttribute,
            String tenantId,
            String partition,
            QueryEnhancedRequest.Builder request,
            String after) {
        if (after != null) {
            Map<String, AttributeValue> start = new LinkedHashMap<>();
            start.put("pk", AttributeValue.fromS(SessionItem.pk(tenantId, sessionIdOf(after))));
            start.put(partitionAttribute, AttributeValue.fromS(partition));
            start.put(Tables.START_KEY, AttributeValue.fromS(after));
            request.exclusiveStartKey(start);
        }
        Page<SessionItem> page =
                table.index(indexName).query(request.build()).iterator().next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return new ShardMerge.ShardPage(
                page.items(), last == null ? null : last.get(Tables.START_KEY).s());
    }

    /** The session id at the end of a start key ({@link SessionItem#startKey}). */
    private static String sessionIdOf(String startKey) {
        return startKey.substring(startKey.indexOf('#') + 1);
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
        if (item.getAssetSeqs() != null) {
            record.assetSeqs.addAll(item.getAssetSeqs());
        }
        record.deletedAt = item.getDeletedAt() == null ? 0 : item.getDeletedAt();
        record.hotspotsCounted = item.getHotspotsCounted();
        record.errorsCounted = item.getErrorsCounted();
        return record;
    }

    /**
     * Which index serves a query: the user's, else the first flag's that has an index, else all sessions by start; and the
     * partitions it reads: the user's one, or the tenant's shards and its unsharded key ({@link Tables#shardKeys}).
     * {@code owner} is what a cursor of this query must name.
     */
    record IndexChoice(
            String indexName, String partitionAttribute, String owner, List<String> partitions, boolean filtersFlags) {
        static IndexChoice of(String tenantId, SessionQuery query) {
            if (query.userId() != null) {
                String userKey = SessionItem.userKey(tenantId, query.userId());
                return new IndexChoice(
                        Tables.BY_USER,
                        "userKey",
                        userKey,
                        List.of(userKey),
                        !query.flags().isEmpty());
            }
            for (String code : query.flags()) {
                FrustrationType type = FrustrationType.ofCode(code);
                if (Tables.hasFlagIndex(type)) {
                    Tables.FlagIndex flag = Tables.flagIndex(type);
                    return new IndexChoice(
                            flag.name(),
                            flag.partitionAttribute(),
                            tenantId,
                            Tables.shardKeys(tenantId),
                            query.flags().size() > 1);
                }
            }
            // only flags without an index of their own (the page signals): all sessions by start, filtered
            return new IndexChoice(
                    Tables.BY_START,
                    "tenantId",
                    tenantId,
                    Tables.shardKeys(tenantId),
                    !query.flags().isEmpty());
        }
    }

    /**
     * An opaque page cursor, base64url JSON: the index, whose partitions it reads (the tenant, or the user's
     * key), and each partition's position: null (not read yet), "." (read to its end) or the start key it
     * stopped after. It is checked against the caller's query on the way back in, and its positions become
     * keys only inside the caller's own partitions, so it cannot read another tenant's index.
     */
    static final class Cursor {
        private static final String DONE = ".";
        private static final Pattern POSITION = Pattern.compile("\\d{13}#[A-Za-z0-9_-]{1,128}");

        static String encode(List<ShardMerge.Position> positions, IndexChoice choice) {
            ObjectNode node = Json.object();
            node.put("i", choice.indexName);
            node.put("p", choice.owner);
            ArrayNode shards = node.putArray("s");
            for (ShardMerge.Position position : positions) {
                if (position.done()) {
                    shards.add(DONE);
                } else if (position.after() == null) {
                    shards.addNull();
                } else {
                    shards.add(position.after());
                }
            }
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
        }

        static List<ShardMerge.Position> decode(String cursor, IndexChoice choice) {
            try {
                JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
                JsonNode shards = node.get("s");
                if (!node.isObject()
                        || node.size() != 3
                        || !choice.indexName.equals(node.path("i").textValue())
                        || !choice.owner.equals(node.path("p").textValue())
                        || shards == null
                        || !shards.isArray()
                        || shards.size() != choice.partitions.size()) {
                    throw new IllegalArgumentException("cursor does not belong to this query");
                }
                List<ShardMerge.Position> positions = new ArrayList<>();
                for (JsonNode shard : shards) {
                    if (shard.isNull()) {
                        positions.add(ShardMerge.Position.START);
                    } else if (DONE.equals(shard.textValue())) {
                        positions.add(ShardMerge.Position.DONE);
                    } else if (shard.isTextual()
                            && POSITION.matcher(shard.textValue()).matches()) {
                        positions.add(ShardMerge.Position.after(shard.textValue()));
                    } else {
                        throw new IllegalArgumentException("not a position");
                    }
                }
                return positions;
            } catch (Exception e) {
                throw new Refused(Reason.INVALID_CURSOR, "cursor is not valid for this query");
            }
        }
    }

    @Override
    public List<StartEntry> startedBefore(String tenantId, long before, StartEntry after, int max) {
        List<StartEntry> entries = new ArrayList<>();
        for (ShardMerge.Taken t : walk(Tables.BY_START, "tenantId", tenantId, before, after, max).merged) {
            if (!t.duplicate()) {
                entries.add(entryOf(tenantId, t.entry()));
            }
        }
        return entries;
    }

    private static StartEntry entryOf(String tenantId, SessionItem item) {
        return new StartEntry(item.getPk().substring(tenantId.length() + 1), item.getStartKey());
    }

    /** One page of a walk: the merged entries, and where the walk goes on from (null: the end). */
    private record WalkPage(List<ShardMerge.Taken> merged, String next) {}

    /**
     * One page of a tenant's entries in a sharded by-start index ({@code byStart}, {@code byOpen}), oldest
     * first, that started before {@code before}, after the entry {@code after} (exclusive) when given: one
     * Query of each shard, in parallel, from that same place, merged.
     */
    private WalkPage walk(
            String index, String partitionAttribute, String tenantId, long before, StartEntry after, int max) {
        List<String> partitions = Tables.shardKeys(tenantId);
        List<ShardMerge.Position> from = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            from.add(after == null ? ShardMerge.Position.START : ShardMerge.Position.after(after.startKey()));
        }
        List<ShardMerge.ShardPage> pages = readShards(
                partitions,
                from,
                (partition, position) -> query(
                        index,
                        partitionAttribute,
                        tenantId,
                        partition,
                        QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.sortLessThan(Key.builder()
                                        .partitionValue(partition)
                                        .sortValue(String.format("%013d", before))
                                        .build()))
                                .scanIndexForward(true)
                                .limit(max),
                        position));
        List<ShardMerge.Taken> merged = ShardMerge.merge(pages, false, max);
        return new WalkPage(merged, ShardMerge.walkNext(pages, merged, false));
    }

    @Override
    public OpenPage openStartedBefore(String tenantId, long before, StartEntry after, int max) {
        WalkPage page = walk(Tables.BY_OPEN, Tables.OPEN_KEY, tenantId, before, after, max);
        List<SessionItem> keys = page.merged.stream()
                .filter(t -> !t.duplicate())
                .map(ShardMerge.Taken::entry)
                .toList();
        StartEntry next = page.next == null ? null : new StartEntry(sessionIdOf(page.next), page.next);
        if (keys.isEmpty()) {
            return new OpenPage(List.of(), next);
        }
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
