package dev.rewind.aws;

import dev.rewind.storage.Tables;
import dev.rewind.usage.UsageDay;
import dev.rewind.usage.UsageStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The usage table (docs/DATA-MODEL.md): its items are read through the Enhanced Client with a static
 * schema, and counted with UpdateItem's ADD, one atomic update a call. The Enhanced Client has no ADD of
 * a variable amount (its atomic counters add a fixed delta to every update), so the three updates go
 * through the low-level client, with the attribute names of the same schema.
 */
public final class DynamoUsageStore implements UsageStore {
    /** Usage and quota counts outlive the longest retention (365 days) by a month: a year of bills. */
    static final long KEEP_SECONDS = 400L * 86_400;
    /** A rate window is read only in its own minute. */
    static final long RATE_WINDOW_KEEP_SECONDS = 3_600;

    static final String RATE = "r#";
    static final String MONTH = "m#";
    static final String DAY = "d#";
    /**
     * A day's counters are spread over this many items ({@code d#2026-12-02#0} … {@code #9}), one picked at
     * random a write: one item takes at most 1,000 writes/s, and a tenant at the design load stores 4,000
     * chunks/s (docs/DATA-MODEL.md). A read adds them up.
     */
    static final int DAY_SHARDS = 10;

    /** One counter item of a tenant. */
    public static final class UsageItem {
        private String tenantId;
        private String period;
        private Long sessions;
        private Long chunks;
        private Long bytes;
        private Long granted;
        private Long expiresAt;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getPeriod() {
            return period;
        }

        public void setPeriod(String v) {
            period = v;
        }

        public Long getSessions() {
            return sessions;
        }

        public void setSessions(Long v) {
            sessions = v;
        }

        public Long getChunks() {
            return chunks;
        }

        public void setChunks(Long v) {
            chunks = v;
        }

        public Long getBytes() {
            return bytes;
        }

        public void setBytes(Long v) {
            bytes = v;
        }

        public Long getGranted() {
            return granted;
        }

        public void setGranted(Long v) {
            granted = v;
        }

        public Long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(Long v) {
            expiresAt = v;
        }
    }

    static final TableSchema<UsageItem> SCHEMA = StaticTableSchema.builder(UsageItem.class)
            .newItemSupplier(UsageItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.USAGE.partitionKey().name())
                            .getter(UsageItem::getTenantId)
                            .setter(UsageItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.USAGE.sortKey().name())
                            .getter(UsageItem::getPeriod)
                            .setter(UsageItem::setPeriod)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name("sessions").getter(UsageItem::getSessions).setter(UsageItem::setSessions))
            .addAttribute(
                    Long.class,
                    a -> a.name("chunks").getter(UsageItem::getChunks).setter(UsageItem::setChunks))
            .addAttribute(
                    Long.class, a -> a.name("bytes").getter(UsageItem::getBytes).setter(UsageItem::setBytes))
            .addAttribute(
                    Long.class,
                    a -> a.name("granted").getter(UsageItem::getGranted).setter(UsageItem::setGranted))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(UsageItem::getExpiresAt)
                            .setter(UsageItem::setExpiresAt))
            .build();

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<UsageItem> table;

    public DynamoUsageStore(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.table = enhanced.table(tableName, SCHEMA);
    }

    @Override
    public boolean grantChunks(String tenantId, long epochMinute, int chunks, int limit) {
        if (chunks > limit) {
            return false;
        }
        return add(
                tenantId,
                RATE + epochMinute,
                "ADD granted :n SET expiresAt = if_not_exists(expiresAt, :expires)",
                "attribute_not_exists(granted) OR granted <= :most",
                Map.of(
                        ":n",
                        number(chunks),
                        ":most",
                        number(limit - chunks),
                        ":expires",
                        number(epochMinute * 60 + RATE_WINDOW_KEEP_SECONDS)));
    }

    @Override
    public boolean admitSession(String tenantId, String month, int quota) {
        if (quota < 1) {
            return false;
        }
        return add(
                tenantId,
                MONTH + month,
                "ADD sessions :one SET expiresAt = if_not_exists(expiresAt, :expires)",
                "attribute_not_exists(sessions) OR sessions < :quota",
                Map.of(":one", number(1), ":quota", number(quota), ":expires", number(nowSeconds() + KEEP_SECONDS)));
    }

    @Override
    public long sessionsAdmitted(String tenantId, String month) {
        UsageItem item = table.getItem(
                Key.builder().partitionValue(tenantId).sortValue(MONTH + month).build());
        return item == null || item.getSessions() == null ? 0 : item.getSessions();
    }

    @Override
    public void addUsage(String tenantId, String day, int sessions, int chunks, long bytes) {
        add(
                tenantId,
                DAY + day + "#" + ThreadLocalRandom.current().nextInt(DAY_SHARDS),
                "ADD sessions :s, chunks :c, bytes :b SET expiresAt = if_not_exists(expiresAt, :expires)",
                null,
                Map.of(
                        ":s",
                        number(sessions),
                        ":c",
                        number(chunks),
                        ":b",
                        number(bytes),
                        ":expires",
                        number(nowSeconds() + KEEP_SECONDS)));
    }

    @Override
    public int eraseTenant(String tenantId) {
        int erased = 0;
        for (UsageItem item : table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
                                Key.builder().partitionValue(tenantId).build()))
                        .consistentRead(true))
                .items()) {
            table.deleteItem(item);
            erased++;
        }
        return erased;
    }

    @Override
    public List<UsageDay> days(String tenantId, String fromDay, String toDay) {
        Map<String, long[]> byDay = new TreeMap<>();
        // "~" sorts after every shard number: the range holds each shard of the last day
        table.query(r -> r.queryConditional(QueryConditional.sortBetween(
                        Key.builder()
                                .partitionValue(tenantId)
                                .sortValue(DAY + fromDay)
                                .build(),
                        Key.builder()
                                .partitionValue(tenantId)
                                .sortValue(DAY + toDay + "#~")
                                .build())))
                .items()
                .forEach(item -> {
                    String day = item.getPeriod()
                            .substring(DAY.length(), item.getPeriod().lastIndexOf('#'));
                    long[] sums = byDay.computeIfAbsent(day, d -> new long[3]);
                    sums[0] += orZero(item.getSessions());
                    sums[1] += orZero(item.getChunks());
                    sums[2] += orZero(item.getBytes());
                });
        List<UsageDay> days = new ArrayList<>();
        byDay.forEach((day, sums) -> days.add(new UsageDay(day, sums[0], sums[1], sums[2])));
        return days;
    }

    /** One UpdateItem; false when its condition failed (nothing was added). */
    private boolean add(
            String tenantId, String period, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(Tables.USAGE.partitionKey().name(), AttributeValue.fromS(tenantId));
        key.put(Tables.USAGE.sortKey().name(), AttributeValue.fromS(period));
        try {
            dynamo.updateItem(r -> r.tableName(tableName)
                    .key(key)
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
