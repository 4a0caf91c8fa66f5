package dev.rewind.aws;

import dev.rewind.insights.RescoreRun;
import dev.rewind.storage.Tables;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A tenant's re-score run (table {@link Tables#INSIGHTS}, item {@value #ITEM}, docs/FRUSTRATION.md, "Re-score
 * history"): one per tenant, its progress as JSON, every write versioned. Outside the hotspots' and the
 * error groups' key ranges, so their views never read it; the tenant's erasure deletes it with them.
 */
public final class RescoreItem {
    static final String ITEM = "rescore";

    private String tenantId;
    private String item;
    private String run;
    private Long version;

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String v) {
        tenantId = v;
    }

    public String getItem() {
        return item;
    }

    public void setItem(String v) {
        item = v;
    }

    public String getRun() {
        return run;
    }

    public void setRun(String v) {
        run = v;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long v) {
        version = v;
    }

    public static final TableSchema<RescoreItem> SCHEMA = StaticTableSchema.builder(RescoreItem.class)
            .newItemSupplier(RescoreItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(RescoreItem::getTenantId)
                            .setter(RescoreItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.INSIGHT_ITEM)
                            .getter(RescoreItem::getItem)
                            .setter(RescoreItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class, a -> a.name("run").getter(RescoreItem::getRun).setter(RescoreItem::setRun))
            .addAttribute(
                    Long.class,
                    a -> a.name("version")
                            .getter(RescoreItem::getVersion)
                            .setter(RescoreItem::setVersion)
                            .tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
            .build();

    static RescoreItem of(String tenantId, RescoreRun run) {
        RescoreItem item = new RescoreItem();
        item.setTenantId(tenantId);
        item.setItem(ITEM);
        item.setRun(run.toJson());
        item.setVersion(run.version());
        return item;
    }

    RescoreRun toRun() {
        return RescoreRun.fromJson(run, version);
    }
}
