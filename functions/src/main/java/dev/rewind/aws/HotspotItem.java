package dev.rewind.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rewind.common.Json;
import dev.rewind.insights.Hotspot;
import dev.rewind.insights.HotspotKey;
import dev.rewind.insights.Moment;
import dev.rewind.storage.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A hotspot aggregate's item (table {@link Tables#INSIGHTS}, item {@code h#<day>#<hash>}): the counts of one
 * day, page and element, the users' bitmap and the latest moments as JSON. Every write is versioned.
 */
public final class HotspotItem {
    static final String PREFIX = "h#";

    private String tenantId;
    private String item;
    private String day;
    private String page;
    private String selector;
    private Integer rageClicks;
    private Integer deadClicks;
    private Integer errorClicks;
    private Integer quickBacks;
    private Integer excessiveScrolls;
    private Integer formAbandonments;
    private Integer errors;
    private Integer sessions;
    private SdkBytes users;
    private String moments;
    private Long version;
    private Long expiresAt;

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

    public String getDay() {
        return day;
    }

    public void setDay(String v) {
        day = v;
    }

    public String getPage() {
        return page;
    }

    public void setPage(String v) {
        page = v;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String v) {
        selector = v;
    }

    public Integer getRageClicks() {
        return rageClicks;
    }

    public void setRageClicks(Integer v) {
        rageClicks = v;
    }

    public Integer getDeadClicks() {
        return deadClicks;
    }

    public void setDeadClicks(Integer v) {
        deadClicks = v;
    }

    public Integer getQuickBacks() {
        return quickBacks;
    }

    public void setQuickBacks(Integer v) {
        quickBacks = v;
    }

    public Integer getExcessiveScrolls() {
        return excessiveScrolls;
    }

    public void setExcessiveScrolls(Integer v) {
        excessiveScrolls = v;
    }

    public Integer getFormAbandonments() {
        return formAbandonments;
    }

    public void setFormAbandonments(Integer v) {
        formAbandonments = v;
    }

    public Integer getErrorClicks() {
        return errorClicks;
    }

    public void setErrorClicks(Integer v) {
        errorClicks = v;
    }

    public Integer getErrors() {
        return errors;
    }

    public void setErrors(Integer v) {
        errors = v;
    }

    public Integer getSessions() {
        return sessions;
    }

    public void setSessions(Integer v) {
        sessions = v;
    }

    public SdkBytes getUsers() {
        return users;
    }

    public void setUsers(SdkBytes v) {
        users = v;
    }

    public String getMoments() {
        return moments;
    }

    public void setMoments(String v) {
        moments = v;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long v) {
        version = v;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long v) {
        expiresAt = v;
    }

    public static final TableSchema<HotspotItem> SCHEMA = StaticTableSchema.builder(HotspotItem.class)
            .newItemSupplier(HotspotItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(HotspotItem::getTenantId)
                            .setter(HotspotItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.INSIGHT_ITEM)
                            .getter(HotspotItem::getItem)
                            .setter(HotspotItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class, a -> a.name("day").getter(HotspotItem::getDay).setter(HotspotItem::setDay))
            .addAttribute(
                    String.class,
                    a -> a.name("page").getter(HotspotItem::getPage).setter(HotspotItem::setPage))
            .addAttribute(
                    String.class,
                    a -> a.name("selector").getter(HotspotItem::getSelector).setter(HotspotItem::setSelector))
            .addAttribute(
                    Integer.class,
                    a -> a.name("rageClicks").getter(HotspotItem::getRageClicks).setter(HotspotItem::setRageClicks))
            .addAttribute(
                    Integer.class,
                    a -> a.name("deadClicks").getter(HotspotItem::getDeadClicks).setter(HotspotItem::setDeadClicks))
            .addAttribute(
                    Integer.class,
                    a -> a.name("errorClicks")
                            .getter(HotspotItem::getErrorClicks)
                            .setter(HotspotItem::setErrorClicks))
            .addAttribute(
                    Integer.class,
                    a -> a.name("errors").getter(HotspotItem::getErrors).setter(HotspotItem::setErrors))
            .addAttribute(
                    Integer.class,
                    a -> a.name("quickBacks").getter(HotspotItem::getQuickBacks).setter(HotspotItem::setQuickBacks))
            .addAttribute(
                    Integer.class,
                    a -> a.name("excessiveScrolls")
                            .getter(HotspotItem::getExcessiveScrolls)
                            .setter(HotspotItem::setExcessiveScrolls))
            .addAttribute(
                    Integer.class,
                    a -> a.name("formAbandonments")
                            .getter(HotspotItem::getFormAbandonments)
                            .setter(HotspotItem::setFormAbandonments))
            .addAttribute(
                    Integer.class,
                    a -> a.name("sessions").getter(HotspotItem::getSessions).setter(HotspotItem::setSessions))
            .addAttribute(
                    SdkBytes.class,
                    a -> a.name("users").getter(HotspotItem::getUsers).setter(HotspotItem::setUsers))
            .addAttribute(
                    String.class,
                    a -> a.name("moments").getter(HotspotItem::getMoments).setter(HotspotItem::setMoments))
            .addAttribute(
                    Long.class,
                    a -> a.name("version")
                            .getter(HotspotItem::getVersion)
                            .setter(HotspotItem::setVersion)
                            .tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(HotspotItem::getExpiresAt)
                            .setter(HotspotItem::setExpiresAt))
            .build();

    static String item(HotspotKey key) {
        return PREFIX + key.id();
    }

    static HotspotItem of(String tenantId, Hotspot h) {
        HotspotItem item = new HotspotItem();
        item.setTenantId(tenantId);
        item.setItem(item(h.key()));
        item.setDay(h.key().day().toString());
        item.setPage(h.key().page());
        item.setSelector(h.key().selector());
        item.setRageClicks(h.rageClicks());
        item.setDeadClicks(h.deadClicks());
        item.setErrorClicks(h.errorClicks());
        item.setErrors(h.errors());
        item.setQuickBacks(h.quickBacks());
        item.setExcessiveScrolls(h.excessiveScrolls());
        item.setFormAbandonments(h.formAbandonments());
        item.setSessions(h.sessions());
        item.setUsers(h.users() == null ? null : SdkBytes.fromByteArray(h.users()));
        ArrayNode moments = Json.MAPPER.createArrayNode();
        for (Moment m : h.moments()) {
            moments.addArray().add(m.sessionId()).add(m.at()).add(m.offsetMs());
        }
        item.setMoments(moments.toString());
        item.setVersion(h.version());
        item.setExpiresAt(h.expiresAtEpochSeconds());
        return item;
    }

    Hotspot toHotspot() {
        List<Moment> list = new ArrayList<>();
        try {
            for (JsonNode m : Json.MAPPER.readTree(moments == null ? "[]" : moments)) {
                list.add(new Moment(
                        m.path(0).asText(), m.path(1).asLong(), m.path(2).asLong()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hotspot item's moments are not JSON", e);
        }
        return new Hotspot(
                new HotspotKey(LocalDate.parse(day), page, selector),
                zeroIfNull(rageClicks),
                zeroIfNull(deadClicks),
                zeroIfNull(errorClicks),
                zeroIfNull(errors),
                zeroIfNull(quickBacks),
                zeroIfNull(excessiveScrolls),
                zeroIfNull(formAbandonments),
                zeroIfNull(sessions),
                users == null ? null : users.asByteArray(),
                List.copyOf(list),
                version);
    }

    private static int zeroIfNull(Integer v) {
        return v == null ? 0 : v;
    }
}
