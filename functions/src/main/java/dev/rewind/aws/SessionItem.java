package dev.rewind.aws;

import dev.rewind.frustration.FrustrationType;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A session's DynamoDB item (table {@link Tables#SESSIONS}). The index keys are derived from the
 * state: they change when a session starts, is identified, first gets a flag or is finished, not per
 * chunk.
 */
public final class SessionItem {
    private String pk;
    private String tenantId;
    private String sessionId;
    private String startKey;
    private String userKey;
    /** The partition key of each flag index the session is in (Tables.FLAG_INDEXES): its tenant's id. */
    private final Map<FrustrationType, String> flagKeys = new EnumMap<>(FrustrationType.class);

    private String openKey;
    private Set<Integer> seqs;
    private Integer processedThrough;
    private SdkBytes state;
    private String userAgent;
    private Long version;
    private Long expiresAt;
    private Long gapSince;
    private Long lastChunkAt;
    private Long finishedAt;
    private Set<String> userIds;
    private Set<Integer> assetSeqs;
    private Long deletedAt;
    private String hotspotsCounted;
    private String errorsCounted;

    public String getPk() {
        return pk;
    }

    public void setPk(String v) {
        pk = v;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String v) {
        tenantId = v;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String v) {
        sessionId = v;
    }

    public String getStartKey() {
        return startKey;
    }

    public void setStartKey(String v) {
        startKey = v;
    }

    public String getUserKey() {
        return userKey;
    }

    public void setUserKey(String v) {
        userKey = v;
    }

    public String getFlagKey(FrustrationType type) {
        return flagKeys.get(type);
    }

    public void setFlagKey(FrustrationType type, String v) {
        if (v == null) {
            flagKeys.remove(type);
        } else {
            flagKeys.put(type, v);
        }
    }

    public String getOpenKey() {
        return openKey;
    }

    public void setOpenKey(String v) {
        openKey = v;
    }

    public Set<Integer> getSeqs() {
        return seqs;
    }

    public void setSeqs(Set<Integer> v) {
        seqs = v;
    }

    public Integer getProcessedThrough() {
        return processedThrough;
    }

    public void setProcessedThrough(Integer v) {
        processedThrough = v;
    }
    /** {@link SessionState#toStored()}: the state's JSON, deflated. */
    public SdkBytes getState() {
        return state;
    }

    public void setState(SdkBytes v) {
        state = v;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String v) {
        userAgent = v;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long v) {
        version = v;
    }

    public Long getGapSince() {
        return gapSince;
    }

    public void setGapSince(Long v) {
        gapSince = v;
    }

    public Long getLastChunkAt() {
        return lastChunkAt;
    }

    public void setLastChunkAt(Long v) {
        lastChunkAt = v;
    }

    public Long getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(Long v) {
        finishedAt = v;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long v) {
        expiresAt = v;
    }
    /** Every user id the session's chunks ever carried; each has its link in {@link Tables#USER_SESSIONS}. */
    public Set<String> getUserIds() {
        return userIds;
    }

    public Set<Integer> getAssetSeqs() {
        return assetSeqs;
    }

    public void setAssetSeqs(Set<Integer> v) {
        assetSeqs = v;
    }

    public void setUserIds(Set<String> v) {
        userIds = v;
    }
    /** Set on a tombstone only: when the session was deleted (epoch ms). */
    public Long getDeletedAt() {
        return deletedAt;
    }

    public void setDeletedAt(Long v) {
        deletedAt = v;
    }
    /** What the session added to the hotspot aggregates (SessionRecord.hotspotsCounted). */
    public String getHotspotsCounted() {
        return hotspotsCounted;
    }

    public void setHotspotsCounted(String v) {
        hotspotsCounted = v;
    }

    /** What the session added to the error groups (SessionRecord.errorsCounted). */
    public String getErrorsCounted() {
        return errorsCounted;
    }

    public void setErrorsCounted(String v) {
        errorsCounted = v;
    }

    /** The session item; every write of it is versioned (optimistic locking). */
    public static final TableSchema<SessionItem> SCHEMA = schema(true);

    /**
     * The same attributes with {@code version} not tagged: the tombstone replaces whatever item is there,
     * unconditionally, and its version (0) matches no version a writer can have read, so every versioned
     * write that raced it fails (docs/RETENTION.md).
     */
    public static final TableSchema<SessionItem> TOMBSTONE_SCHEMA = schema(false);

    private static TableSchema<SessionItem> schema(boolean versioned) {
        List<String> allIndexes = Tables.SESSIONS.indexes().stream()
                .map(TableDefinition.Index::name)
                .toList();
        StaticTableSchema.Builder<SessionItem> builder = StaticTableSchema.builder(SessionItem.class)
                .newItemSupplier(SessionItem::new)
                .addAttribute(
                        String.class,
                        a -> a.name("pk")
                                .getter(SessionItem::getPk)
                                .setter(SessionItem::setPk)
                                .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(
                        String.class,
                        a -> a.name("tenantId")
                                .getter(SessionItem::getTenantId)
                                .setter(SessionItem::setTenantId)
                                .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_START)))
                .addAttribute(
                        String.class,
                        a -> a.name("sessionId")
                                .getter(SessionItem::getSessionId)
                                .setter(SessionItem::setSessionId))
                .addAttribute(
                        String.class,
                        a -> a.name(Tables.START_KEY)
                                .getter(SessionItem::getStartKey)
                                .setter(SessionItem::setStartKey)
                                .tags(StaticAttributeTags.secondarySortKey(allIndexes)))
                .addAttribute(
                        String.class,
                        a -> a.name("userKey")
                                .getter(SessionItem::getUserKey)
                                .setter(SessionItem::setUserKey)
                                .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_USER)))
                .addAttribute(
                        String.class,
                        a -> a.name(Tables.OPEN_KEY)
                                .getter(SessionItem::getOpenKey)
                                .setter(SessionItem::setOpenKey)
                                .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_OPEN)))
                .addAttribute(
                        EnhancedType.setOf(Integer.class),
                        a -> a.name("seqs").getter(SessionItem::getSeqs).setter(SessionItem::setSeqs))
                .addAttribute(
                        Integer.class,
                        a -> a.name("processedThrough")
                                .getter(SessionItem::getProcessedThrough)
                                .setter(SessionItem::setProcessedThrough))
                .addAttribute(
                        SdkBytes.class,
                        a -> a.name("state").getter(SessionItem::getState).setter(SessionItem::setState))
                .addAttribute(
                        String.class,
                        a -> a.name("userAgent")
                                .getter(SessionItem::getUserAgent)
                                .setter(SessionItem::setUserAgent))
                .addAttribute(
                        Long.class,
                        a -> a.name("version")
                                .getter(SessionItem::getVersion)
                                .setter(SessionItem::setVersion)
                                .tags(
                                        versioned
                                                ? List.of(VersionedRecordExtension.AttributeTags.versionAttribute())
                                                : List.of()))
                .addAttribute(
                        Long.class,
                        a -> a.name("gapSince").getter(SessionItem::getGapSince).setter(SessionItem::setGapSince))
                .addAttribute(
                        Long.class,
                        a -> a.name("lastChunkAt")
                                .getter(SessionItem::getLastChunkAt)
                                .setter(SessionItem::setLastChunkAt))
                .addAttribute(
                        Long.class,
                        a -> a.name("finishedAt")
                                .getter(SessionItem::getFinishedAt)
                                .setter(SessionItem::setFinishedAt))
                .addAttribute(
                        Long.class,
                        a -> a.name(Tables.TTL_ATTRIBUTE)
                                .getter(SessionItem::getExpiresAt)
                                .setter(SessionItem::setExpiresAt))
                .addAttribute(
                        EnhancedType.setOf(String.class),
                        a -> a.name("userIds").getter(SessionItem::getUserIds).setter(SessionItem::setUserIds))
                .addAttribute(
                        EnhancedType.setOf(Integer.class),
                        a -> a.name("assetSeqs")
                                .getter(SessionItem::getAssetSeqs)
                                .setter(SessionItem::setAssetSeqs))
                .addAttribute(
                        Long.class,
                        a -> a.name("deletedAt")
                                .getter(SessionItem::getDeletedAt)
                                .setter(SessionItem::setDeletedAt))
                .addAttribute(
                        String.class,
                        a -> a.name("hotspotsCounted")
                                .getter(SessionItem::getHotspotsCounted)
                                .setter(SessionItem::setHotspotsCounted))
                .addAttribute(
                        String.class,
                        a -> a.name("errorsCounted")
                                .getter(SessionItem::getErrorsCounted)
                                .setter(SessionItem::setErrorsCounted));
        for (Tables.FlagIndex flag : Tables.FLAG_INDEXES) {
            builder.addAttribute(
                    String.class,
                    a -> a.name(flag.partitionAttribute())
                            .getter(item -> item.getFlagKey(flag.type()))
                            .setter((item, v) -> item.setFlagKey(flag.type(), v))
                            .tags(StaticAttributeTags.secondaryPartitionKey(flag.name())));
        }
        return builder.build();
    }

    public static String pk(String tenantId, String sessionId) {
        return tenantId + "#" + sessionId;
    }

    /**
     * Sorts by start time: 13-digit epoch milliseconds (fixed width until 2286), then the id. Padded by hand,
     * not with {@code String.format}, which parsed its pattern on every chunk (docs/PERFORMANCE.md).
     */
    public static String startKey(long startedAt, String sessionId) {
        if (startedAt < 0) {
            return String.format("%013d", startedAt) + "#" + sessionId;
        }
        String digits = Long.toString(startedAt);
        StringBuilder key = new StringBuilder(14 + sessionId.length());
        for (int pad = 13 - digits.length(); pad > 0; pad--) {
            key.append('0');
        }
        return key.append(digits).append('#').append(sessionId).toString();
    }

    public static String userKey(String tenantId, String userId) {
        return tenantId + "#" + userId;
    }
}
