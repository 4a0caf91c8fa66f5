package dev.rewind.aws;

import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.AuditEntry;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Keys;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit log in its own table ({@link Tables#AUDIT}): one item per change, sorted by time, expiring a
 * year later by TTL. Only {@link #append} writes; nothing deletes.
 */
public final class DynamoAuditLog implements AuditLog {

    /** One audit entry's DynamoDB item. */
    public static final class AuditItem {
        private String tenantId;
        private String at;
        private Long time;
        private String actor;
        private String sourceIp;
        private String action;
        private String target;
        private String before;
        private String after;
        private Long expiresAt;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getAt() {
            return at;
        }

        public void setAt(String v) {
            at = v;
        }

        public Long getTime() {
            return time;
        }

        public void setTime(Long v) {
            time = v;
        }

        public String getActor() {
            return actor;
        }

        public void setActor(String v) {
            actor = v;
        }

        public String getSourceIp() {
            return sourceIp;
        }

        public void setSourceIp(String v) {
            sourceIp = v;
        }

        public String getAction() {
            return action;
        }

        public void setAction(String v) {
            action = v;
        }

        public String getTarget() {
            return target;
        }

        public void setTarget(String v) {
            target = v;
        }

        public String getBefore() {
            return before;
        }

        public void setBefore(String v) {
            before = v;
        }

        public String getAfter() {
            return after;
        }

        public void setAfter(String v) {
            after = v;
        }

        public Long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(Long v) {
            expiresAt = v;
        }

        AuditEntry toEntry() {
            return new AuditEntry(tenantId, time == null ? 0 : time, actor, sourceIp, action, target, before, after);
        }
    }

    static final TableSchema<AuditItem> SCHEMA = StaticTableSchema.builder(AuditItem.class)
            .newItemSupplier(AuditItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(AuditItem::getTenantId)
                            .setter(AuditItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("at")
                            .getter(AuditItem::getAt)
                            .setter(AuditItem::setAt)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    Long.class, a -> a.name("time").getter(AuditItem::getTime).setter(AuditItem::setTime))
            .addAttribute(
                    String.class,
                    a -> a.name("actor").getter(AuditItem::getActor).setter(AuditItem::setActor))
            .addAttribute(
                    String.class,
                    a -> a.name("sourceIp").getter(AuditItem::getSourceIp).setter(AuditItem::setSourceIp))
            .addAttribute(
                    String.class,
                    a -> a.name("action").getter(AuditItem::getAction).setter(AuditItem::setAction))
            .addAttribute(
                    String.class,
                    a -> a.name("target").getter(AuditItem::getTarget).setter(AuditItem::setTarget))
            .addAttribute(
                    String.class,
                    a -> a.name("before").getter(AuditItem::getBefore).setter(AuditItem::setBefore))
            .addAttribute(
                    String.class,
                    a -> a.name("after").getter(AuditItem::getAfter).setter(AuditItem::setAfter))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(AuditItem::getExpiresAt)
                            .setter(AuditItem::setExpiresAt))
            .build();

    private final DynamoDbTable<AuditItem> table;

    public DynamoAuditLog(DynamoDbEnhancedClient enhanced, String auditTable) {
        this.table = enhanced.table(auditTable, SCHEMA);
    }

    @Override
    public void append(AuditEntry entry) {
        AuditItem item = new AuditItem();
        item.setTenantId(entry.tenantId());
        // 13 digits of millis sort as numbers do until the year 2286; the random part keeps two in one ms apart
        item.setAt(String.format("%013d#%s", entry.at(), Keys.newId()));
        item.setTime(entry.at());
        item.setActor(entry.actor());
        item.setSourceIp(entry.sourceIp());
        item.setAction(entry.action());
        item.setTarget(entry.target());
        item.setBefore(entry.before());
        item.setAfter(entry.after());
        item.setExpiresAt((entry.at() + KEPT_FOR.toMillis()) / 1000);
        table.putItem(item);
    }

    @Override
    public Page page(String tenantId, String cursor, int limit) {
        if (cursor != null && !cursor.matches("\\d{13}#[A-Za-z0-9_-]{16}")) {
            throw new Refused(Reason.INVALID_CURSOR, "cursor is not one this API returned");
        }
        software.amazon.awssdk.enhanced.dynamodb.model.Page<AuditItem> page = table.query(r -> {
                    r.queryConditional(QueryConditional.keyEqualTo(
                                    Key.builder().partitionValue(tenantId).build()))
                            .scanIndexForward(false)
                            .limit(limit)
                            .consistentRead(true);
                    if (cursor != null) {
                        r.exclusiveStartKey(
                                Map.of("tenantId", AttributeValue.fromS(tenantId), "at", AttributeValue.fromS(cursor)));
                    }
                })
                .iterator()
                .next();
        List<AuditEntry> entries = page.items().stream().map(AuditItem::toEntry).toList();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        String next = last == null || last.isEmpty() || entries.size() < limit
                ? null
                : last.get("at").s();
        return new Page(entries, next);
    }
}
