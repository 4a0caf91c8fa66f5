package dev.rewind.aws;

import dev.rewind.common.Refused;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.AssetCapture;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.KeyScope;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.Plan;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Tenants and key hashes in DynamoDB, through the Enhanced Client with static schemas. */
public final class DynamoTenantStore implements TenantStore {

    /** The tenant's DynamoDB item. */
    public static final class TenantItem {
        private String tenantId;
        private String organization;
        private String email;
        private Long createdAt;
        private Integer retentionDays;
        private List<String> allowedOrigins;
        private Double sampleRate;
        private Boolean maskAllText;
        private Boolean consentRequired;
        private List<String> urlQueryAllowList;
        private String ingestKeyHash;
        /** The ingest key itself: public by nature (it sits in the snippet), kept so the console can always show it. */
        private String ingestKey;

        private String apiKeyHash;
        private Long purgedBefore;
        private Map<String, Long> frustrationRules;
        private Integer chunksPerMinute;
        private Integer sessionsPerMonth;
        private Map<String, Long> refusedOrigins;
        private List<String> consoleLevels;
        private String captureAssets;
        private Boolean recordCanvas;
        /** Set when the organization was deleted: the item is then only the erasure's marker (docs/RETENTION.md). */
        private Long deletedAt;

        public Long getDeletedAt() {
            return deletedAt;
        }

        public void setDeletedAt(Long v) {
            deletedAt = v;
        }

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getOrganization() {
            return organization;
        }

        public void setOrganization(String v) {
            organization = v;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String v) {
            email = v;
        }

        public Long getCreatedAt() {
            return createdAt;
        }

        public void setCreatedAt(Long v) {
            createdAt = v;
        }

        public Integer getRetentionDays() {
            return retentionDays;
        }

        public void setRetentionDays(Integer v) {
            retentionDays = v;
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> v) {
            allowedOrigins = v;
        }

        public Double getSampleRate() {
            return sampleRate;
        }

        public void setSampleRate(Double v) {
            sampleRate = v;
        }

        public Boolean getMaskAllText() {
            return maskAllText;
        }

        public void setMaskAllText(Boolean v) {
            maskAllText = v;
        }

        public Boolean getConsentRequired() {
            return consentRequired;
        }

        public void setConsentRequired(Boolean v) {
            consentRequired = v;
        }

        public List<String> getUrlQueryAllowList() {
            return urlQueryAllowList;
        }

        public void setUrlQueryAllowList(List<String> v) {
            urlQueryAllowList = v;
        }

        public String getIngestKeyHash() {
            return ingestKeyHash;
        }

        public void setIngestKeyHash(String v) {
            ingestKeyHash = v;
        }

        public String getIngestKey() {
            return ingestKey;
        }

        public void setIngestKey(String v) {
            ingestKey = v;
        }

        public String getApiKeyHash() {
            return apiKeyHash;
        }

        public void setApiKeyHash(String v) {
            apiKeyHash = v;
        }

        public Long getPurgedBefore() {
            return purgedBefore;
        }

        public void setPurgedBefore(Long v) {
            purgedBefore = v;
        }

        public Map<String, Long> getFrustrationRules() {
            return frustrationRules;
        }

        public void setFrustrationRules(Map<String, Long> v) {
            frustrationRules = v;
        }
        /** The plan's fields: absent on an item the operator never changed, which has {@link Plan#DEFAULT}. */
        public Integer getChunksPerMinute() {
            return chunksPerMinute;
        }

        public void setChunksPerMinute(Integer v) {
            chunksPerMinute = v;
        }

        public Integer getSessionsPerMonth() {
            return sessionsPerMonth;
        }

        public void setSessionsPerMonth(Integer v) {
            sessionsPerMonth = v;
        }
        /** Origins refused lately → when (epoch ms); written only by {@link #noteRefusedOrigin}. */
        public Map<String, Long> getRefusedOrigins() {
            return refusedOrigins;
        }

        public void setRefusedOrigins(Map<String, Long> v) {
            refusedOrigins = v;
        }

        public List<String> getConsoleLevels() {
            return consoleLevels;
        }

        public void setConsoleLevels(List<String> v) {
            consoleLevels = v;
        }

        public String getCaptureAssets() {
            return captureAssets;
        }

        public void setCaptureAssets(String v) {
            captureAssets = v;
        }

        public Boolean getRecordCanvas() {
            return recordCanvas;
        }

        public void setRecordCanvas(Boolean v) {
            recordCanvas = v;
        }

        Tenant toTenant() {
            return new Tenant(
                    tenantId,
                    organization,
                    email,
                    createdAt == null ? 0 : createdAt,
                    retentionDays == null ? Tenant.DEFAULT_RETENTION_DAYS : retentionDays,
                    allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins),
                    sampleRate == null ? 1.0 : sampleRate,
                    Boolean.TRUE.equals(maskAllText),
                    Boolean.TRUE.equals(consentRequired),
                    urlQueryAllowList == null ? List.of() : List.copyOf(urlQueryAllowList),
                    frustrationRules == null
                            ? FrustrationRules.DEFAULTS
                            : FrustrationRules.DEFAULTS.with(frustrationRules),
                    purgedBefore == null ? 0 : purgedBefore,
                    new Plan(
                            chunksPerMinute == null ? Plan.DEFAULT_CHUNKS_PER_MINUTE : chunksPerMinute,
                            sessionsPerMonth == null ? Plan.DEFAULT_SESSIONS_PER_MONTH : sessionsPerMonth),
                    consoleLevels == null ? Tenant.DEFAULT_CONSOLE_LEVELS : List.copyOf(consoleLevels),
                    captureAssets == null
                            ? AssetCapture.DEFAULT
                            : AssetCapture.parse(captureAssets).orElse(AssetCapture.DEFAULT),
                    Boolean.TRUE.equals(recordCanvas));
        }

        void setSettings(Tenant t) {
            tenantId = t.tenantId();
            organization = t.organization();
            email = t.email();
            createdAt = t.createdAt();
            retentionDays = t.retentionDays();
            allowedOrigins = new ArrayList<>(t.allowedOrigins());
            sampleRate = t.sampleRate();
            maskAllText = t.maskAllText();
            consentRequired = t.consentRequired();
            urlQueryAllowList = new ArrayList<>(t.urlQueryAllowList());
            purgedBefore = t.purgedBefore();
            consoleLevels = new ArrayList<>(t.consoleLevels());
            captureAssets = t.captureAssets().code();
            recordCanvas = t.recordCanvas();
            frustrationRules = t.frustrationRules().toMap();
            chunksPerMinute = t.plan().chunksPerMinute();
            sessionsPerMonth = t.plan().sessionsPerMonth();
        }
    }

    /** A key hash's DynamoDB item. */
    public static final class KeyItem {
        private String keyHash;
        private String tenantId;
        private String kind;
        private String sessionId;
        private String sessionKey;
        private Long expiresAt;
        private String keyId;
        private String name;
        private String scope;
        private Long lastUsedAt;

        public String getKeyHash() {
            return keyHash;
        }

        public void setKeyHash(String v) {
            keyHash = v;
        }

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String v) {
            kind = v;
        }

        public String getSessionId() {
            return sessionId;
        }

        public void setSessionId(String v) {
            sessionId = v;
        }
        /** Share tokens only: tenantId#sessionId, the partition of {@link Tables#BY_SESSION}. */
        public String getSessionKey() {
            return sessionKey;
        }

        public void setSessionKey(String v) {
            sessionKey = v;
        }

        public Long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(Long v) {
            expiresAt = v;
        }

        public String getKeyId() {
            return keyId;
        }

        public void setKeyId(String v) {
            keyId = v;
        }

        public String getName() {
            return name;
        }

        public void setName(String v) {
            name = v;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String v) {
            scope = v;
        }

        public Long getLastUsedAt() {
            return lastUsedAt;
        }

        public void setLastUsedAt(Long v) {
            lastUsedAt = v;
        }

        static KeyItem of(String hash, String tenantId, KeyKind kind) {
            KeyItem item = new KeyItem();
            item.keyHash = hash;
            item.tenantId = tenantId;
            item.kind = kind.code();
            return item;
        }
    }

    public static final TableSchema<TenantItem> TENANT_SCHEMA = StaticTableSchema.builder(TenantItem.class)
            .newItemSupplier(TenantItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(TenantItem::getTenantId)
                            .setter(TenantItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("organization")
                            .getter(TenantItem::getOrganization)
                            .setter(TenantItem::setOrganization))
            .addAttribute(
                    String.class,
                    a -> a.name("email").getter(TenantItem::getEmail).setter(TenantItem::setEmail))
            .addAttribute(
                    Long.class,
                    a -> a.name("createdAt").getter(TenantItem::getCreatedAt).setter(TenantItem::setCreatedAt))
            .addAttribute(
                    Integer.class,
                    a -> a.name("retentionDays")
                            .getter(TenantItem::getRetentionDays)
                            .setter(TenantItem::setRetentionDays))
            .addAttribute(
                    EnhancedType.listOf(String.class),
                    a -> a.name("allowedOrigins")
                            .getter(TenantItem::getAllowedOrigins)
                            .setter(TenantItem::setAllowedOrigins))
            .addAttribute(
                    Double.class,
                    a -> a.name("sampleRate").getter(TenantItem::getSampleRate).setter(TenantItem::setSampleRate))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("maskAllText")
                            .getter(TenantItem::getMaskAllText)
                            .setter(TenantItem::setMaskAllText))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("consentRequired")
                            .getter(TenantItem::getConsentRequired)
                            .setter(TenantItem::setConsentRequired))
            .addAttribute(
                    EnhancedType.listOf(String.class),
                    a -> a.name("urlQueryAllowList")
                            .getter(TenantItem::getUrlQueryAllowList)
                            .setter(TenantItem::setUrlQueryAllowList))
            .addAttribute(
                    String.class,
                    a -> a.name("ingestKeyHash")
                            .getter(TenantItem::getIngestKeyHash)
                            .setter(TenantItem::setIngestKeyHash))
            .addAttribute(
                    String.class,
                    a -> a.name("ingestKey").getter(TenantItem::getIngestKey).setter(TenantItem::setIngestKey))
            .addAttribute(
                    String.class,
                    a -> a.name("apiKeyHash").getter(TenantItem::getApiKeyHash).setter(TenantItem::setApiKeyHash))
            .addAttribute(
                    Long.class,
                    a -> a.name("purgedBefore")
                            .getter(TenantItem::getPurgedBefore)
                            .setter(TenantItem::setPurgedBefore))
            .addAttribute(
                    EnhancedType.mapOf(String.class, Long.class),
                    a -> a.name("frustrationRules")
                            .getter(TenantItem::getFrustrationRules)
                            .setter(TenantItem::setFrustrationRules))
            .addAttribute(
                    Integer.class,
                    a -> a.name("chunksPerMinute")
                            .getter(TenantItem::getChunksPerMinute)
                            .setter(TenantItem::setChunksPerMinute))
            .addAttribute(
                    Integer.class,
                    a -> a.name("sessionsPerMonth")
                            .getter(TenantItem::getSessionsPerMonth)
                            .setter(TenantItem::setSessionsPerMonth))
            .addAttribute(
                    EnhancedType.listOf(String.class),
                    a -> a.name("consoleLevels")
                            .getter(TenantItem::getConsoleLevels)
                            .setter(TenantItem::setConsoleLevels))
            .addAttribute(
                    String.class,
                    a -> a.name("captureAssets")
                            .getter(TenantItem::getCaptureAssets)
                            .setter(TenantItem::setCaptureAssets))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("recordCanvas")
                            .getter(TenantItem::getRecordCanvas)
                            .setter(TenantItem::setRecordCanvas))
            .addAttribute(
                    EnhancedType.mapOf(String.class, Long.class),
                    a -> a.name("refusedOrigins")
                            .getter(TenantItem::getRefusedOrigins)
                            .setter(TenantItem::setRefusedOrigins))
            .addAttribute(
                    Long.class,
                    a -> a.name("deletedAt").getter(TenantItem::getDeletedAt).setter(TenantItem::setDeletedAt))
            .build();

    static final TableSchema<KeyItem> KEY_SCHEMA = StaticTableSchema.builder(KeyItem.class)
            .newItemSupplier(KeyItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("keyHash")
                            .getter(KeyItem::getKeyHash)
                            .setter(KeyItem::setKeyHash)
                            .tags(
                                    StaticAttributeTags.primaryPartitionKey(),
                                    StaticAttributeTags.secondarySortKey(Tables.BY_SESSION)))
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId").getter(KeyItem::getTenantId).setter(KeyItem::setTenantId))
            .addAttribute(
                    String.class, a -> a.name("kind").getter(KeyItem::getKind).setter(KeyItem::setKind))
            .addAttribute(
                    String.class,
                    a -> a.name("sessionId").getter(KeyItem::getSessionId).setter(KeyItem::setSessionId))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.SESSION_KEY)
                            .getter(KeyItem::getSessionKey)
                            .setter(KeyItem::setSessionKey)
                            .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_SESSION)))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(KeyItem::getExpiresAt)
                            .setter(KeyItem::setExpiresAt))
            .addAttribute(
                    String.class, a -> a.name("keyId").getter(KeyItem::getKeyId).setter(KeyItem::setKeyId))
            .addAttribute(
                    String.class, a -> a.name("name").getter(KeyItem::getName).setter(KeyItem::setName))
            .addAttribute(
                    String.class, a -> a.name("scope").getter(KeyItem::getScope).setter(KeyItem::setScope))
            .addAttribute(
                    Long.class,
                    a -> a.name("lastUsedAt").getter(KeyItem::getLastUsedAt).setter(KeyItem::setLastUsedAt))
            .build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<TenantItem> tenants;
    private final DynamoDbTable<KeyItem> keys;
    private final DynamoDbTable<TeamItems.MemberItem> members;

    public DynamoTenantStore(
            DynamoDbEnhancedClient enhanced, String tenantsTable, String keysTable, String teamsTable) {
        this.enhanced = enhanced;
        this.tenants = enhanced.table(tenantsTable, TENANT_SCHEMA);
        this.keys = enhanced.table(keysTable, KEY_SCHEMA);
        this.members = enhanced.table(teamsTable, TeamItems.MEMBER_SCHEMA);
    }

    /** The tenant's item without keys, as a bulk load (the scale simulation) writes it with BatchWriteItem. */
    public static TenantItem toItem(Tenant tenant) {
        TenantItem item = new TenantItem();
        item.setSettings(tenant);
        return item;
    }

    @Override
    public void create(Tenant tenant, String ingestKeyHash, String apiKeyHash, Member owner) {
        TenantItem item = new TenantItem();
        item.setSettings(tenant);
        item.setIngestKeyHash(ingestKeyHash);
        item.setApiKeyHash(apiKeyHash);
        TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(tenants, item)
                .addPutItem(keys, KeyItem.of(ingestKeyHash, tenant.tenantId(), KeyKind.INGEST));
        if (apiKeyHash != null) {
            transaction.addPutItem(keys, KeyItem.of(apiKeyHash, tenant.tenantId(), KeyKind.API));
        }
        if (owner != null) {
            transaction.addPutItem(members, TeamItems.MemberItem.of(owner));
        }
        enhanced.transactWriteItems(transaction.build());
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(item(tenantId)).map(TenantItem::toTenant);
    }

    /** The tenant's item; null when there is none or the organization was deleted. */
    private TenantItem item(String tenantId) {
        TenantItem item = storedItem(tenantId);
        return item == null || item.getDeletedAt() != null ? null : item;
    }

    private TenantItem storedItem(String tenantId) {
        return tenants.getItem(
                r -> r.key(Key.builder().partitionValue(tenantId).build()).consistentRead(true));
    }

    /**
     * Replaces the item by a marker that holds only the id and when it was deleted, and deletes the hashes of
     * its ingest key and signup api key, in one transaction that needs the item to still hold those hashes:
     * a rotation that got in between makes it read again, so no key hash of the tenant is left resolving.
     */
    @Override
    public boolean markDeleted(String tenantId, long at) {
        for (int attempt = 0; attempt < 5; attempt++) {
            TenantItem item = item(tenantId);
            if (item == null) {
                return false;
            }
            TenantItem marker = new TenantItem();
            marker.setTenantId(tenantId);
            marker.setDeletedAt(at);
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder condition = new StringBuilder("attribute_not_exists(deletedAt)");
            String[][] hashes = {{"ingestKeyHash", item.getIngestKeyHash()}, {"apiKeyHash", item.getApiKeyHash()}};
            for (String[] hash : hashes) {
                if (hash[1] == null) {
                    condition
                            .append(" AND attribute_not_exists(")
                            .append(hash[0])
                            .append(')');
                } else {
                    condition.append(" AND ").append(hash[0]).append(" = :").append(hash[0]);
                    values.put(":" + hash[0], AttributeValue.fromS(hash[1]));
                }
            }
            Expression unchanged = Expression.builder()
                    .expression(condition.toString())
                    .expressionValues(values.isEmpty() ? null : values)
                    .build();
            TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                    .addPutItem(
                            tenants,
                            TransactPutItemEnhancedRequest.builder(TenantItem.class)
                                    .item(marker)
                                    .conditionExpression(unchanged)
                                    .build());
            for (String hash : new String[] {item.getIngestKeyHash(), item.getApiKeyHash()}) {
                if (hash != null) {
                    transaction.addDeleteItem(
                            keys, Key.builder().partitionValue(hash).build());
                }
            }
            try {
                enhanced.transactWriteItems(transaction.build());
                return true;
            } catch (TransactionCanceledException raced) {
                // a key rotated or the tenant was deleted meanwhile: look again
            }
        }
        throw new IllegalStateException("tenant " + tenantId + " kept changing while it was deleted");
    }

    @Override
    public OptionalLong deletedAt(String tenantId) {
        TenantItem item = storedItem(tenantId);
        return item == null || item.getDeletedAt() == null
                ? OptionalLong.empty()
                : OptionalLong.of(item.getDeletedAt());
    }

    @Override
    public void eraseTenant(String tenantId) {
        TenantItem item = storedItem(tenantId);
        if (item == null) {
            return;
        }
        for (String hash : new String[] {item.getIngestKeyHash(), item.getApiKeyHash()}) {
            if (hash != null) {
                keys.deleteItem(Key.builder().partitionValue(hash).build());
            }
        }
        tenants.deleteItem(Key.builder().partitionValue(tenantId).build());
    }

    @Override
    public void update(Tenant tenant) {
        TenantItem item = item(tenant.tenantId());
        if (item == null) {
            throw Refused.notFound("tenant");
        }
        item.setSettings(tenant);
        tenants.putItem(item);
    }

    @Override
    public Optional<KeyGrant> findKey(String keyHash) {
        KeyItem item = keyItem(keyHash);
        if (item == null || !Keys.sameHash(item.getKeyHash(), keyHash) || item.getKind() == null) {
            return Optional.empty();
        }
        return Optional.of(new KeyGrant(
                KeyKind.valueOf(item.getKind().toUpperCase()),
                item.getTenantId(),
                item.getSessionId(),
                item.getExpiresAt() == null ? 0 : item.getExpiresAt(),
                item.getKeyId(),
                item.getName(),
                item.getScope() == null ? null : KeyScope.parse(item.getScope()).orElse(KeyScope.READ),
                item.getLastUsedAt() == null ? 0 : item.getLastUsedAt()));
    }

    private KeyItem keyItem(String keyHash) {
        return keys.getItem(
                r -> r.key(Key.builder().partitionValue(keyHash).build()).consistentRead(true));
    }

    @Override
    public void rotateKey(String tenantId, KeyKind kind, String newKeyHash) {
        TenantItem item = item(tenantId);
        if (item == null) {
            throw Refused.notFound("tenant");
        }
        String oldHash = kind == KeyKind.INGEST ? item.getIngestKeyHash() : item.getApiKeyHash();
        if (kind == KeyKind.INGEST) {
            item.setIngestKeyHash(newKeyHash);
        } else {
            item.setApiKeyHash(newKeyHash);
        }
        TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        tenants,
                        TransactPutItemEnhancedRequest.builder(TenantItem.class)
                                .item(item)
                                .conditionExpression(stillHolds(kind, oldHash))
                                .build())
                .addPutItem(keys, KeyItem.of(newKeyHash, tenantId, kind));
        if (oldHash != null) {
            transaction.addDeleteItem(
                    keys, Key.builder().partitionValue(oldHash).build());
        }
        enhanced.transactWriteItems(transaction.build());
    }

    /** The tenant item must still hold the old hash (or none): two concurrent rotations cannot both win. */
    private static Expression stillHolds(KeyKind kind, String oldHash) {
        String attribute = kind == KeyKind.INGEST ? "ingestKeyHash" : "apiKeyHash";
        if (oldHash == null) {
            return Expression.builder()
                    .expression("attribute_not_exists(#h)")
                    .expressionNames(Map.of("#h", attribute))
                    .build();
        }
        return Expression.builder()
                .expression("#h = :old")
                .expressionNames(Map.of("#h", attribute))
                .expressionValues(Map.of(":old", AttributeValue.fromS(oldHash)))
                .build();
    }

    @Override
    public void publishIngestKey(String tenantId, String ingestKey) {
        TenantItem item = item(tenantId);
        if (item == null) {
            throw Refused.notFound("tenant");
        }
        item.setIngestKey(ingestKey);
        try {
            // only while it is still the tenant's key: a rotation meanwhile wins
            tenants.putItem(PutItemEnhancedRequest.builder(TenantItem.class)
                    .item(item)
                    .conditionExpression(stillHolds(KeyKind.INGEST, Keys.hash(ingestKey)))
                    .build());
        } catch (ConditionalCheckFailedException rotatedMeanwhile) {
            // the newer key is published by its own rotation
        }
    }

    @Override
    public Optional<String> ingestKey(String tenantId) {
        TenantItem item = item(tenantId);
        if (item == null
                || item.getIngestKey() == null
                || item.getIngestKeyHash() == null
                || !Keys.sameHash(item.getIngestKeyHash(), Keys.hash(item.getIngestKey()))) {
            return Optional.empty();
        }
        return Optional.of(item.getIngestKey());
    }

    @Override
    public Optional<ApiKey> signupApiKey(String tenantId) {
        TenantItem item = item(tenantId);
        if (item == null || item.getApiKeyHash() == null) {
            return Optional.empty();
        }
        KeyItem key = keyItem(item.getApiKeyHash());
        long lastUsed = key == null || key.getLastUsedAt() == null ? 0 : key.getLastUsedAt();
        return Optional.of(new ApiKey(
                ApiKey.SIGNUP_KEY_ID,
                "signup api key",
                KeyScope.ADMIN,
                item.getEmail(),
                item.getCreatedAt() == null ? 0 : item.getCreatedAt(),
                lastUsed));
    }

    @Override
    public boolean revokeSignupApiKey(String tenantId) {
        TenantItem item = item(tenantId);
        if (item == null || item.getApiKeyHash() == null) {
            return false;
        }
        String oldHash = item.getApiKeyHash();
        item.setApiKeyHash(null);
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        tenants,
                        TransactPutItemEnhancedRequest.builder(TenantItem.class)
                                .item(item)
                                .conditionExpression(stillHolds(KeyKind.API, oldHash))
                                .build())
                .addDeleteItem(keys, Key.builder().partitionValue(oldHash).build())
                .build());
        return true;
    }

    @Override
    public void markKeyUsed(String keyHash, long at) {
        KeyItem used = new KeyItem();
        used.setKeyHash(keyHash);
        used.setLastUsedAt(at);
        try {
            keys.updateItem(UpdateItemEnhancedRequest.builder(KeyItem.class)
                    .item(used)
                    .ignoreNulls(true)
                    .conditionExpression(Expression.builder()
                            .expression("attribute_exists(keyHash)")
                            .build())
                    .build());
        } catch (ConditionalCheckFailedException revokedMeanwhile) {
            // nothing to record on a key that is gone
        }
    }

    @Override
    public void putShare(String tokenHash, String tenantId, String sessionId, long expiresAtEpochSeconds) {
        KeyItem item = KeyItem.of(tokenHash, tenantId, KeyKind.SHARE);
        item.setSessionId(sessionId);
        item.setSessionKey(sessionKey(tenantId, sessionId));
        item.setExpiresAt(expiresAtEpochSeconds);
        keys.putItem(item);
    }

    @Override
    public List<ShareLink> shares(String tenantId, String sessionId) {
        List<ShareLink> links = new ArrayList<>();
        // the index holds keys only: each link's expiry is read from its item
        for (String hash : shareHashes(tenantId, sessionId)) {
            KeyItem item = keys.getItem(
                    r -> r.key(Key.builder().partitionValue(hash).build()).consistentRead(true));
            if (item != null && item.getExpiresAt() != null) {
                links.add(new ShareLink(ShareLink.idOf(hash), item.getExpiresAt()));
            }
        }
        return links;
    }

    @Override
    public boolean deleteShare(String tenantId, String sessionId, String shareId) {
        for (String hash : shareHashes(tenantId, sessionId)) {
            if (ShareLink.idOf(hash).equals(shareId)) {
                keys.deleteItem(Key.builder().partitionValue(hash).build());
                return true;
            }
        }
        return false;
    }

    private List<String> shareHashes(String tenantId, String sessionId) {
        List<String> hashes = new ArrayList<>();
        keys.index(Tables.BY_SESSION)
                .query(QueryConditional.keyEqualTo(Key.builder()
                        .partitionValue(sessionKey(tenantId, sessionId))
                        .build()))
                .forEach(page -> page.items().forEach(share -> hashes.add(share.getKeyHash())));
        return hashes;
    }

    @Override
    public int deleteShares(String tenantId, String sessionId) {
        List<String> hashes = shareHashes(tenantId, sessionId);
        for (String hash : hashes) {
            keys.deleteItem(Key.builder().partitionValue(hash).build());
        }
        return hashes.size();
    }

    private static String sessionKey(String tenantId, String sessionId) {
        return tenantId + "#" + sessionId;
    }

    @Override
    public void noteRefusedOrigin(String tenantId, String origin, long atMillis) {
        TenantItem item = item(tenantId);
        if (item == null) {
            return;
        }
        Map<String, Long> refused =
                new HashMap<>(item.getRefusedOrigins() == null ? Map.of() : item.getRefusedOrigins());
        refused.put(origin, atMillis);
        while (refused.size() > MAX_REFUSED_ORIGINS) {
            refused.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> refused.remove(oldest.getKey()));
        }
        // only this attribute is written: a settings change at the same moment is never undone by it
        TenantItem partial = new TenantItem();
        partial.setTenantId(tenantId);
        partial.setRefusedOrigins(refused);
        tenants.updateItem(UpdateItemEnhancedRequest.builder(TenantItem.class)
                .item(partial)
                .ignoreNulls(true)
                .conditionExpression(Expression.builder()
                        .expression("attribute_exists(tenantId)")
                        .build())
                .build());
    }

    @Override
    public Map<String, Long> refusedOrigins(String tenantId) {
        TenantItem item = item(tenantId);
        return item == null || item.getRefusedOrigins() == null ? Map.of() : Map.copyOf(item.getRefusedOrigins());
    }

    @Override
    public List<String> allTenantIds() {
        List<String> ids = new ArrayList<>();
        tenants.scan(r -> r.attributesToProject("tenantId")).items().forEach(t -> ids.add(t.getTenantId()));
        return ids;
    }

    /** One Scan request of at most {@code max} items; its LastEvaluatedKey (the tenant id) is the cursor. */
    @Override
    public TenantPage tenantPage(String after, int max) {
        ScanEnhancedRequest.Builder request =
                ScanEnhancedRequest.builder().attributesToProject("tenantId").limit(max);
        if (after != null) {
            request.exclusiveStartKey(Map.of("tenantId", AttributeValue.fromS(after)));
        }
        Page<TenantItem> page = tenants.scan(request.build()).iterator().next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        String next =
                last == null || last.isEmpty() ? null : last.get("tenantId").s();
        return new TenantPage(page.items().stream().map(TenantItem::getTenantId).toList(), next);
    }
}
