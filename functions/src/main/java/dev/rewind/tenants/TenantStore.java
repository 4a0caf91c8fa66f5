package dev.rewind.tenants;

import java.util.List;
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

    /** Deletes every share token of the session (its grants die with it); returns how many went. */
    int deleteShares(String tenantId, String sessionId);

    /** Every tenant id; for the retention sweep, never on a request path. */
    List<String> allTenantIds();
}
