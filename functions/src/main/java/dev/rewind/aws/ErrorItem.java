package dev.rewind.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.insights.ErrorDay;
import dev.rewind.insights.ErrorGroup;
import dev.rewind.insights.Moment;
import dev.rewind.storage.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An error group's items (table {@link Tables#INSIGHTS}, docs/INSIGHTS.md "Error groups"): a day's counts,
 * {@code e#<day>#<groupId>}, and the group itself, {@code g#<groupId>} (sample, first and last seen, status,
 * latest sessions). One class for both, so one BatchGet reads a group and its days. Every write is versioned.
 */
public final class ErrorItem {
    static final String DAY_PREFIX = "e#";
    static final String GROUP_PREFIX = "g#";

    private String tenantId;
    private String item;
    private String groupId;
    private String day;
    private Integer occurrences;
    private Integer sessions;
    private SdkBytes users;
    private String browsers;
    private String message;
    private String stack;
    private Long firstSeen;
    private Long lastSeen;
    private String status;
    private Long resolvedAt;
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

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String v) {
        groupId = v;
    }

    public String getDay() {
        return day;
    }

    public void setDay(String v) {
        day = v;
    }

    public Integer getOccurrences() {
        return occurrences;
    }

    public void setOccurrences(Integer v) {
        occurrences = v;
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

    public String getBrowsers() {
        return browsers;
    }

    public void setBrowsers(String v) {
        browsers = v;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String v) {
        message = v;
    }

    public String getStack() {
        return stack;
    }

    public void setStack(String v) {
        stack = v;
    }

    public Long getFirstSeen() {
        return firstSeen;
    }

    public void setFirstSeen(Long v) {
        firstSeen = v;
    }

    public Long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(Long v) {
        lastSeen = v;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String v) {
        status = v;
    }

    public Long getResolvedAt() {
        return resolvedAt;
    }

    public void setResolvedAt(Long v) {
        resolvedAt = v;
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

    public static final TableSchema<ErrorItem> SCHEMA = StaticTableSchema.builder(ErrorItem.class)
            .newItemSupplier(ErrorItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(ErrorItem::getTenantId)
                            .setter(ErrorItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.INSIGHT_ITEM)
                            .getter(ErrorItem::getItem)
                            .setter(ErrorItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("groupId").getter(ErrorItem::getGroupId).setter(ErrorItem::setGroupId))
            .addAttribute(
                    String.class, a -> a.name("day").getter(ErrorItem::getDay).setter(ErrorItem::setDay))
            .addAttribute(
                    Integer.class,
                    a -> a.name("occurrences").getter(ErrorItem::getOccurrences).setter(ErrorItem::setOccurrences))
            .addAttribute(
                    Integer.class,
                    a -> a.name("sessions").getter(ErrorItem::getSessions).setter(ErrorItem::setSessions))
            .addAttribute(
                    SdkBytes.class,
                    a -> a.name("users").getter(ErrorItem::getUsers).setter(ErrorItem::setUsers))
            .addAttribute(
                    String.class,
                    a -> a.name("browsers").getter(ErrorItem::getBrowsers).setter(ErrorItem::setBrowsers))
            .addAttribute(
                    String.class,
                    a -> a.name("message").getter(ErrorItem::getMessage).setter(ErrorItem::setMessage))
            .addAttribute(
                    String.class,
                    a -> a.name("stack").getter(ErrorItem::getStack).setter(ErrorItem::setStack))
            .addAttribute(
                    Long.class,
                    a -> a.name("firstSeen").getter(ErrorItem::getFirstSeen).setter(ErrorItem::setFirstSeen))
            .addAttribute(
                    Long.class,
                    a -> a.name("lastSeen").getter(ErrorItem::getLastSeen).setter(ErrorItem::setLastSeen))
            .addAttribute(
                    String.class,
                    a -> a.name("status").getter(ErrorItem::getStatus).setter(ErrorItem::setStatus))
            .addAttribute(
                    Long.class,
                    a -> a.name("resolvedAt").getter(ErrorItem::getResolvedAt).setter(ErrorItem::setResolvedAt))
            .addAttribute(
                    String.class,
                    a -> a.name("moments").getter(ErrorItem::getMoments).setter(ErrorItem::setMoments))
            .addAttribute(
                    Long.class,
                    a -> a.name("version")
                            .getter(ErrorItem::getVersion)
                            .setter(ErrorItem::setVersion)
                            .tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(ErrorItem::getExpiresAt)
                            .setter(ErrorItem::setExpiresAt))
            .build();

    static String dayItem(String groupId, LocalDate day) {
        return DAY_PREFIX + day + "#" + groupId;
    }

    static String groupItem(String groupId) {
        return GROUP_PREFIX + groupId;
    }

    boolean isGroup() {
        return item != null && item.startsWith(GROUP_PREFIX);
    }

    static ErrorItem of(String tenantId, ErrorDay d) {
        ErrorItem item = new ErrorItem();
        item.setTenantId(tenantId);
        item.setItem(dayItem(d.groupId(), d.day()));
        item.setGroupId(d.groupId());
        item.setDay(d.day().toString());
        item.setOccurrences(d.occurrences());
        item.setSessions(d.sessions());
        item.setUsers(d.users() == null ? null : SdkBytes.fromByteArray(d.users()));
        ObjectNode browsers = Json.object();
        new TreeMap<>(d.browsers()).forEach(browsers::put);
        item.setBrowsers(browsers.toString());
        item.setVersion(d.version());
        item.setExpiresAt(d.expiresAtEpochSeconds());
        return item;
    }

    static ErrorItem of(String tenantId, ErrorGroup g) {
        ErrorItem item = new ErrorItem();
        item.setTenantId(tenantId);
        item.setItem(groupItem(g.groupId()));
        item.setGroupId(g.groupId());
        item.setMessage(g.message());
        item.setStack(g.stack());
        item.setFirstSeen(g.firstSeen());
        item.setLastSeen(g.lastSeen());
        item.setStatus(g.status().code());
        item.setResolvedAt(g.resolvedAt());
        ArrayNode moments = Json.MAPPER.createArrayNode();
        for (Moment m : g.sessions()) {
            moments.addArray().add(m.sessionId()).add(m.at()).add(m.offsetMs());
        }
        item.setMoments(moments.toString());
        item.setVersion(g.version());
        item.setExpiresAt(g.expiresAtEpochSeconds());
        return item;
    }

    ErrorDay toDay() {
        Map<String, Integer> byBrowser = new TreeMap<>();
        try {
            Json.MAPPER
                    .readTree(browsers == null ? "{}" : browsers)
                    .fields()
                    .forEachRemaining(
                            e -> byBrowser.put(e.getKey(), e.getValue().asInt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error day's browsers are not JSON", e);
        }
        return new ErrorDay(
                groupId,
                LocalDate.parse(day),
                zeroIfNull(occurrences),
                zeroIfNull(sessions),
                users == null ? null : users.asByteArray(),
                Map.copyOf(byBrowser),
                version);
    }

    ErrorGroup toGroup() {
        List<Moment> list = new ArrayList<>();
        try {
            for (JsonNode m : Json.MAPPER.readTree(moments == null ? "[]" : moments)) {
                list.add(new Moment(
                        m.path(0).asText(), m.path(1).asLong(), m.path(2).asLong()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error group's sessions are not JSON", e);
        }
        ErrorGroup.Status s = ErrorGroup.Status.ofCode(status);
        return new ErrorGroup(
                groupId,
                message,
                stack,
                firstSeen == null ? 0 : firstSeen,
                lastSeen == null ? 0 : lastSeen,
                s == null ? ErrorGroup.Status.OPEN : s,
                resolvedAt,
                List.copyOf(list),
                version);
    }

    private static int zeroIfNull(Integer v) {
        return v == null ? 0 : v;
    }
}
