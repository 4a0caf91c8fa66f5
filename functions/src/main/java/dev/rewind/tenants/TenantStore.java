package dev.rewind.tenants;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where tenants and their key hashes live. */
public interface TenantStore {
    /** Creates the tenant with its first ingest and api key hashes, all or nothing. */
    void create(Tenant tenant, String ingestKeyHash, String apiKeyHash);

    Optional<Tenant> find(String tenantId);

    void update(Tenant tenant);

    Optional<KeyGrant> findKey(String keyHash);

    /** Replaces the tenant's key of this kind: the old hash stops resolving in the same transaction. */
    void rotateKey(String tenantId, KeyKind kind, String newKeyHash);

    void putShare(String tokenHash, String tenantId, String sessionId, long expiresAtEpochSeconds);

    /** The share links of the session still stored (expired ones until DynamoDB TTL removes them). */
    List<ShareLink> shares(String tenantId, String sessionId);

    /** Deletes the session's share link with this id; false when it has none by that id. */
    boolean deleteShare(String tenantId, String sessionId, String shareId);

    /** Deletes every share token of the session (its grants die with it); returns how many went. */
    int deleteShares(String tenantId, String sessionId);

    /**
     * Notes that a page on `origin` was refused because it is not among the allowed origins, at
     * `atMillis`; the latest {@link #MAX_REFUSED_ORIGINS} origins are kept. Never touches the settings.
     */
    void noteRefusedOrigin(String tenantId, String origin, long atMillis);

    /** The origins refused lately: origin → when it was last refused (epoch ms). */
    Map<String, Long> refusedOrigins(String tenantId);

    int MAX_REFUSED_ORIGINS = 10;

    /** Every tenant id; for the retention sweep, never on a request path. */
    List<String> allTenantIds();
}
