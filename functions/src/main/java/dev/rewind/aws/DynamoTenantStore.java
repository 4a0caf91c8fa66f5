package dev.rewind.aws;

import dev.rewind.common.Refused;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        private String apiKeyHash;
        private Long purgedBefore;
        private Map<String, Long> frustrationRules;
        private Map<String, Long> refusedOrigins;
        private List<String> consoleLevels;

        public String getTenantId() { return tenantId; }
        public void setTenantId(String v) { tenantId = v; }
        public String getOrganization() { return organization; }
        public void setOrganization(String v) { organization = v; }
        public String getEmail() { return email; }
        public void setEmail(String v) { email = v; }
        public Long getCreatedAt() { return createdAt; }
        public void setCreatedAt(Long v) { createdAt = v; }
        public Integer getRetentionDays() { return retentionDays; }
        public void setRetentionDays(Integer v) { retentionDays = v; }
        public List<String> getAllowedOrigins() { return allowedOrigins; }
        public void setAllowedOrigins(List<String> v) { allowedOrigins = v; }
        public Double getSampleRate() { return sampleRate; }
        public void setSampleRate(Double v) { sampleRate = v; }
        public Boolean getMaskAllText() { return maskAllText; }
        public void setMaskAllText(Boolean v) { maskAllText = v; }
        public Boolean getConsentRequired() { return consentRequired; }
        public void setConsentRequired(Boolean v) { consentRequired = v; }
        public List<String> getUrlQueryAllowList() { return urlQueryAllowList; }
        public void setUrlQueryAllowList(List<String> v) { urlQueryAllowList = v; }
        public String getIngestKeyHash() { return ingestKeyHash; }
        public void setIngestKeyHash(String v) { ingestKeyHash = v; }
        public String getApiKeyHash() { return apiKeyHash; }
        public void setApiKeyHash(String v) { apiKeyHash = v; }
        public Long getPurgedBefore() { return purgedBefore; }
        public void setPurgedBefore(Long v) { purgedBefore = v; }
        public Map<String, Long> getFrustrationRules() { return frustrationRules; }
        public void setFrustrationRules(Map<String, Long> v) { frustrationRules = v; }
        /** Origins refused lately → when (epoch ms); written only by {@link #noteRefusedOrigin}. */
        public Map<String, Long> getRefusedOrigins() { return refusedOrigins; }
        public void setRefusedOrigins(Map<String, Long> v) { refusedOrigins = v; }
        public List<String> getConsoleLevels() { return consoleLevels; }
        public void setConsoleLevels(List<String> v) { consoleLevels = v; }

        Tenant toTenant() {
            return new Tenant(tenantId, organization, email, createdAt == null ? 0 : createdAt,
                    retentionDays == null ? Tenant.DEFAULT_RETENTION_DAYS : retentionDays,
                    allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins),
                    sampleRate == null ? 1.0 : sampleRate,
                    Boolean.TRUE.equals(maskAllText), Boolean.TRUE.equals(consentRequired),
                    urlQueryAllowList == null ? List.of() : List.copyOf(urlQueryAllowList),
                    frustrationRules == null ? FrustrationRules.DEFAULTS : FrustrationRules.DEFAULTS.with(frustrationRules),
                    purgedBefore == null ? 0 : purgedBefore,
                    consoleLevels == null ? Tenant.DEFAULT_CONSOLE_LEVELS : List.copyOf(consoleLevels));
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
            frustrationRules = t.frustrationRules().toMap();
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

        public String getKeyHash() { return keyHash; }
        public void setKeyHash(String v) { keyHash = v; }
        public String getTenantId() { return tenantId; }
        public void setTenantId(String v) { tenantId = v; }
        public String getKind() { return kind; }
        public void setKind(String v) { kind = v; }
        public String getSessionId() { return sessionId; }
        public void setSessionId(String v) { sessionId = v; }
        /** Share tokens only: tenantId#sessionId, the partition of {@link Tables#BY_SESSION}. */
        public String getSessionKey() { return sessionKey; }
        public void setSessionKey(String v) { sessionKey = v; }
        public Long getExpiresAt() { return expiresAt; }
        public void setExpiresAt(Long v) { expiresAt = v; }

        static KeyItem of(String hash, String tenantId, KeyKind kind) {
            KeyItem item = new KeyItem();
            item.keyHash = hash;
            item.tenantId = tenantId;
            item.kind = kind.code();
            return item;
        }
    }

    static final TableSchema<TenantItem> TENANT_SCHEMA = StaticTableSchema.builder(TenantItem.class)
            .newItemSupplier(TenantItem::new)
            .addAttribute(String.class, a -> a.name("tenantId").getter(TenantItem::getTenantId).setter(TenantItem::setTenantId)
                    .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("organization").getter(TenantItem::getOrganization).setter(TenantItem::setOrganization))
            .addAttribute(String.class, a -> a.name("email").getter(TenantItem::getEmail).setter(TenantItem::setEmail))
            .addAttribute(Long.class, a -> a.name("createdAt").getter(TenantItem::getCreatedAt).setter(TenantItem::setCreatedAt))
            .addAttribute(Integer.class, a -> a.name("retentionDays").getter(TenantItem::getRetentionDays).setter(TenantItem::setRetentionDays))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("allowedOrigins").getter(TenantItem::getAllowedOrigins).setter(TenantItem::setAllowedOrigins))
            .addAttribute(Double.class, a -> a.name("sampleRate").getter(TenantItem::getSampleRate).setter(TenantItem::setSampleRate))
            .addAttribute(Boolean.class, a -> a.name("maskAllText").getter(TenantItem::getMaskAllText).setter(TenantItem::setMaskAllText))
            .addAttribute(Boolean.class, a -> a.name("consentRequired").getter(TenantItem::getConsentRequired).setter(TenantItem::setConsentRequired))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("urlQueryAllowList")
                    .getter(TenantItem::getUrlQueryAllowList).setter(TenantItem::setUrlQueryAllowList))
            .addAttribute(String.class, a -> a.name("ingestKeyHash").getter(TenantItem::getIngestKeyHash).setter(TenantItem::setIngestKeyHash))
            .addAttribute(String.class, a -> a.name("apiKeyHash").getter(TenantItem::getApiKeyHash).setter(TenantItem::setApiKeyHash))
            .addAttribute(Long.class, a -> a.name("purgedBefore").getter(TenantItem::getPurgedBefore).setter(TenantItem::setPurgedBefore))
            .addAttribute(EnhancedType.mapOf(String.class, Long.class), a -> a.name("frustrationRules")
                    .getter(TenantItem::getFrustrationRules).setter(TenantItem::setFrustrationRules))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("consoleLevels")
                    .getter(TenantItem::getConsoleLevels).setter(TenantItem::setConsoleLevels))
            .addAttribute(EnhancedType.mapOf(String.class, Long.class), a -> a.name("refusedOrigins")
                    .getter(TenantItem::getRefusedOrigins).setter(TenantItem::setRefusedOrigins))
            .build();

    static final TableSchema<KeyItem> KEY_SCHEMA = StaticTableSchema.builder(KeyItem.class)
            .newItemSupplier(KeyItem::new)
            .addAttribute(String.class, a -> a.name("keyHash").getter(KeyItem::getKeyHash).setter(KeyItem::setKeyHash)
                    .tags(StaticAttributeTags.primaryPartitionKey(), StaticAttributeTags.secondarySortKey(Tables.BY_SESSION)))
            .addAttribute(String.class, a -> a.name("tenantId").getter(KeyItem::getTenantId).setter(KeyItem::setTenantId))
            .addAttribute(String.class, a -> a.name("kind").getter(KeyItem::getKind).setter(KeyItem::setKind))
            .addAttribute(String.class, a -> a.name("sessionId").getter(KeyItem::getSessionId).setter(KeyItem::setSessionId))
            .addAttribute(String.class, a -> a.name(Tables.SESSION_KEY).getter(KeyItem::getSessionKey).setter(KeyItem::setSessionKey)
                    .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_SESSION)))
            .addAttribute(Long.class, a -> a.name(Tables.TTL_ATTRIBUTE).getter(KeyItem::getExpiresAt).setter(KeyItem::setExpiresAt))
            .build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<TenantItem> tenants;
    private final DynamoDbTable<KeyItem> keys;

    public DynamoTenantStore(DynamoDbEnhancedClient enhanced, String tenantsTable, String keysTable) {
        this.enhanced = enhanced;
        this.tenants = enhanced.table(tenantsTable, TENANT_SCHEMA);
        this.keys = enhanced.table(keysTable, KEY_SCHEMA);
    }

    @Override
    public void create(Tenant tenant, String ingestKeyHash, String apiKeyHash) {
        TenantItem item = new TenantItem();
        item.setSettings(tenant);
        item.setIngestKeyHash(ingestKeyHash);
        item.setApiKeyHash(apiKeyHash);
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(tenants, item)
                .addPutItem(keys, KeyItem.of(ingestKeyHash, tenant.tenantId(), KeyKind.INGEST))
                .addPutItem(keys, KeyItem.of(apiKeyHash, tenant.tenantId(), KeyKind.API))
                .build());
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(item(tenantId)).map(TenantItem::toTenant);
    }

    private TenantItem item(String tenantId) {
        return tenants.getItem(r -> r.key(Key.builder().partitionValue(tenantId).build()).consistentRead(true));
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
        KeyItem item = keys.getItem(r -> r.key(Key.builder().partitionValue(keyHash).build()).consistentRead(true));
        if (item == null || !Keys.sameHash(item.getKeyHash(), keyHash)) {
            return Optional.empty();
        }
        return Optional.of(new KeyGrant(KeyKind.valueOf(item.getKind().toUpperCase()), item.getTenantId(),
                item.getSessionId(), item.getExpiresAt() == null ? 0 : item.getExpiresAt()));
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
        // The tenant item must still hold the old hash: two concurrent rotations cannot both win.
        Expression unchanged = Expression.builder()
                .expression("#h = :old")
                .expressionNames(Map.of("#h", kind == KeyKind.INGEST ? "ingestKeyHash" : "apiKeyHash"))
                .expressionValues(Map.of(":old", AttributeValue.fromS(oldHash)))
                .build();
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(tenants, software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest
                        .builder(TenantItem.class).item(item).conditionExpression(unchanged).build())
                .addDeleteItem(keys, Key.builder().partitionValue(oldHash).build())
                .addPutItem(keys, KeyItem.of(newKeyHash, tenantId, kind))
                .build());
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
            KeyItem item = keys.getItem(r -> r.key(Key.builder().partitionValue(hash).build()).consistentRead(true));
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
        keys.index(Tables.BY_SESSION).query(QueryConditional.keyEqualTo(Key.builder()
                        .partitionValue(sessionKey(tenantId, sessionId)).build()))
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
        Map<String, Long> refused = new HashMap<>(item.getRefusedOrigins() == null ? Map.of() : item.getRefusedOrigins());
        refused.put(origin, atMillis);
        while (refused.size() > MAX_REFUSED_ORIGINS) {
            refused.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> refused.remove(oldest.getKey()));
        }
        // only this attribute is written: a settings change at the same moment is never undone by it
        TenantItem partial = new TenantItem();
        partial.setTenantId(tenantId);
        partial.setRefusedOrigins(refused);
        tenants.updateItem(UpdateItemEnhancedRequest.builder(TenantItem.class).item(partial).ignoreNulls(true)
                .conditionExpression(Expression.builder().expression("attribute_exists(tenantId)").build())
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
}
