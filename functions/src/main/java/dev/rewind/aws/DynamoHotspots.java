package dev.rewind.aws;

import dev.rewind.insights.ErrorChange;
import dev.rewind.insights.ErrorDay;
import dev.rewind.insights.ErrorGroup;
import dev.rewind.insights.Hotspot;
import dev.rewind.insights.HotspotChange;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.RescoreRun;
import dev.rewind.sessions.SessionRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The hotspot aggregates in DynamoDB (docs/DATA-MODEL.md). A session that adds to them is written in one
 * transaction with the aggregates it changes, each put versioned: read the aggregates (one consistent BatchGet), add,
 * write all or nothing. A view reads one key range of the tenant's partition.
 */
public final class DynamoHotspots implements HotspotStore {
    private static final Set<String> LOST_THE_RACE = Set.of("ConditionalCheckFailed", "TransactionConflict");

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<HotspotItem> hotspots;
    private final DynamoDbTable<ErrorItem> errors;
    private final DynamoDbTable<SessionItem> sessions;
    private final DynamoDbTable<RescoreItem> rescores;

    public DynamoHotspots(DynamoDbEnhancedClient enhanced, String insightsTable, String sessionsTable) {
        this.enhanced = enhanced;
        this.hotspots = enhanced.table(insightsTable, HotspotItem.SCHEMA);
        this.errors = enhanced.table(insightsTable, ErrorItem.SCHEMA);
        this.sessions = enhanced.table(sessionsTable, SessionItem.SCHEMA);
        this.rescores = enhanced.table(insightsTable, RescoreItem.SCHEMA);
    }

    @Override
    public boolean saveCounting(
            SessionRecord record,
            long expiresAtEpochSeconds,
            List<HotspotChange> changes,
            List<ErrorChange> errorChanges) {
        Map<String, Hotspot> stored = changes.isEmpty() ? Map.of() : read(record.tenantId, changes);
        TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(sessions, DynamoSessionIndex.toItem(record, expiresAtEpochSeconds));
        Map<String, Hotspot> next = new LinkedHashMap<>();
        for (HotspotChange change : changes) {
            String item = HotspotItem.item(change.key());
            Hotspot current = next.getOrDefault(item, stored.getOrDefault(item, Hotspot.empty(change.key())));
            next.put(item, current.plus(change));
        }
        next.values().forEach(h -> transaction.addPutItem(hotspots, HotspotItem.of(record.tenantId, h)));
        if (!errorChanges.isEmpty()) {
            addErrors(transaction, record.tenantId, errorChanges);
        }
        try {
            enhanced.transactWriteItems(transaction.build());
            return true;
        } catch (TransactionCanceledException lost) {
            if (lost.cancellationReasons().stream().anyMatch(r -> LOST_THE_RACE.contains(r.code()))) {
                return false;
            }
            throw lost;
        }
    }

    /**
     * Each change adds to its group's day item and to its group item: both read in one consistent BatchGet
     * (another table resource than the hotspots', so a second one), both put versioned.
     */
    private void addErrors(
            TransactWriteItemsEnhancedRequest.Builder transaction, String tenantId, List<ErrorChange> changes) {
        List<String> keys = new ArrayList<>();
        for (ErrorChange change : changes) {
            for (String item :
                    List.of(ErrorItem.dayItem(change.groupId(), change.day()), ErrorItem.groupItem(change.groupId()))) {
                if (!keys.contains(item)) {
                    keys.add(item);
                }
            }
        }
        Map<String, ErrorItem> stored = readErrors(tenantId, keys, true);
        Map<String, ErrorDay> days = new LinkedHashMap<>();
        Map<String, ErrorGroup> groups = new LinkedHashMap<>();
        for (ErrorChange change : changes) {
            String dayItem = ErrorItem.dayItem(change.groupId(), change.day());
            ErrorDay day = days.computeIfAbsent(
                    dayItem,
                    k -> stored.containsKey(k)
                            ? stored.get(k).toDay()
                            : ErrorDay.empty(change.groupId(), change.day()));
            days.put(dayItem, day.plus(change));
            String groupItem = ErrorItem.groupItem(change.groupId());
            ErrorGroup group = groups.computeIfAbsent(
                    groupItem,
                    k -> stored.containsKey(k) ? stored.get(k).toGroup() : ErrorGroup.empty(change.groupId()));
            groups.put(groupItem, group.plus(change));
        }
        days.values().forEach(d -> transaction.addPutItem(errors, ErrorItem.of(tenantId, d)));
        groups.values().forEach(g -> transaction.addPutItem(errors, ErrorItem.of(tenantId, g)));
    }

    private Map<String, ErrorItem> readErrors(String tenantId, List<String> keys, boolean consistent) {
        Map<String, ErrorItem> stored = new HashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        ReadBatch.Builder<ErrorItem> batch = ReadBatch.builder(ErrorItem.class).mappedTableResource(errors);
        for (String item : keys) {
            batch.addGetItem(GetItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(tenantId).sortValue(item).build())
                    .consistentRead(consistent)
                    .build());
        }
        enhanced.batchGetItem(r -> r.readBatches(batch.build()))
                .resultsForTable(errors)
                .forEach(item -> stored.put(item.getItem(), item));
        return stored;
    }

    @Override
    public List<ErrorDay> errorDays(String tenantId, LocalDate from, LocalDate to) {
        QueryConditional range = QueryConditional.sortBetween(
                Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(ErrorItem.DAY_PREFIX + from)
                        .build(),
                Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(ErrorItem.DAY_PREFIX + to + "#~")
                        .build());
        List<ErrorDay> all = new ArrayList<>();
        errors.query(r -> r.queryConditional(range)).items().forEach(item -> all.add(item.toDay()));
        return all;
    }

    @Override
    public Map<String, ErrorGroup> errorGroups(String tenantId, List<String> groupIds) {
        Map<String, ErrorGroup> found = new HashMap<>();
        readErrors(
                        tenantId,
                        groupIds.stream().map(ErrorItem::groupItem).distinct().toList(),
                        false)
                .values()
                .forEach(item -> found.put(item.getGroupId(), item.toGroup()));
        return found;
    }

    @Override
    public ErrorGroupDays errorGroup(String tenantId, String groupId, List<LocalDate> days) {
        List<String> keys = new ArrayList<>();
        keys.add(ErrorItem.groupItem(groupId));
        days.forEach(d -> keys.add(ErrorItem.dayItem(groupId, d)));
        // consistent: a status just changed shows at once
        Map<String, ErrorItem> stored = readErrors(tenantId, keys, true);
        ErrorItem group = stored.get(ErrorItem.groupItem(groupId));
        if (group == null) {
            return null;
        }
        List<ErrorDay> found = stored.values().stream()
                .filter(i -> !i.isGroup())
                .map(ErrorItem::toDay)
                .sorted(java.util.Comparator.comparing(ErrorDay::day))
                .toList();
        return new ErrorGroupDays(group.toGroup(), found);
    }

    @Override
    public boolean saveStatus(String tenantId, ErrorGroup group) {
        try {
            errors.putItem(ErrorItem.of(tenantId, group));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    private Map<String, Hotspot> read(String tenantId, List<HotspotChange> changes) {
        ReadBatch.Builder<HotspotItem> batch =
                ReadBatch.builder(HotspotItem.class).mappedTableResource(hotspots);
        List<String> asked = new ArrayList<>();
        for (HotspotChange change : changes) {
            String item = HotspotItem.item(change.key());
            if (!asked.contains(item)) {
                asked.add(item);
                // consistent: a stale version would only lose the transaction and send the chunk round again
                batch.addGetItem(GetItemEnhancedRequest.builder()
                        .key(Key.builder()
                                .partitionValue(tenantId)
                                .sortValue(item)
                                .build())
                        .consistentRead(true)
                        .build());
            }
        }
        Map<String, Hotspot> stored = new HashMap<>();
        enhanced.batchGetItem(r -> r.readBatches(batch.build()))
                .resultsForTable(hotspots)
                .forEach(item -> stored.put(item.getItem(), item.toHotspot()));
        return stored;
    }

    @Override
    public Optional<RescoreRun> rescoreRun(String tenantId) {
        RescoreItem item = rescores.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(RescoreItem.ITEM)
                        .build())
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(RescoreItem::toRun);
    }

    @Override
    public boolean saveRescoreRun(String tenantId, RescoreRun run) {
        try {
            rescores.putItem(RescoreItem.of(tenantId, run));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    @Override
    public int eraseTenant(String tenantId) {
        int erased = 0;
        for (HotspotItem item : hotspots.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
                                Key.builder().partitionValue(tenantId).build()))
                        .consistentRead(true))
                .items()) {
            hotspots.deleteItem(item);
            erased++;
        }
        return erased;
    }

    @Override
    public List<Hotspot> between(String tenantId, LocalDate from, LocalDate to) {
        QueryConditional range = QueryConditional.sortBetween(
                Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(HotspotItem.PREFIX + from)
                        .build(),
                Key.builder()
                        .partitionValue(tenantId)
                        .sortValue(HotspotItem.PREFIX + to + "#~")
                        .build());
        List<Hotspot> all = new ArrayList<>();
        hotspots.query(r -> r.queryConditional(range)).items().forEach(item -> all.add(item.toHotspot()));
        return all;
    }

    @Override
    public Map<String, SessionRecord> sessions(String tenantId, List<String> sessionIds) {
        ReadBatch.Builder<SessionItem> batch =
                ReadBatch.builder(SessionItem.class).mappedTableResource(sessions);
        sessionIds.forEach(id -> batch.addGetItem(
                Key.builder().partitionValue(SessionItem.pk(tenantId, id)).build()));
        Map<String, SessionRecord> found = new HashMap<>();
        enhanced.batchGetItem(r -> r.readBatches(batch.build()))
                .resultsForTable(sessions)
                .forEach(item -> {
                    SessionRecord record = DynamoSessionIndex.toRecord(item);
                    if (!record.isDeleted()) {
                        found.put(record.sessionId, record);
                    }
                });
        return found;
    }
}
