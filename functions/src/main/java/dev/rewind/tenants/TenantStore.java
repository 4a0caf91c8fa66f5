package dev.rewind.tenants;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Where tenants and their key hashes live. */
public interface TenantStore {
    /**
     * Creates the tenant with its first ingest and api key hashes, all or nothing; a null api key hash
     * creates none (an organization made by a signed-in user, whose admins make named keys), and a
     * non-null {@code owner} membership is put in the same transaction.
     */
    void create(Tenant tenant, String ingestKeyHash, String apiKeyHash, Member owner);

    Optional<Tenant> find(String tenantId);

    void update(Tenant tenant);

    Optional<KeyGrant> findKey(String keyHash);

    /** Replaces the tenant's key of this kind: the old hash stops resolving in the same transaction. */
    void rotateKey(String tenantId, KeyKind kind, String newKeyHash);

    /**
     * Keeps the tenant's current ingest key itself beside its hash: it is public by nature (the snippet on
     * every page carries it), so the console can always show it and the snippet. Nothing is kept if the key
     * was rotated meanwhile.
     */
    void publishIngestKey(String tenantId, String ingestKey);

    /** The tenant's current ingest key, if kept ({@link #publishIngestKey}); tenants made before it was kept have none until it rotates. */
    Optional<String> ingestKey(String tenantId);

    /** The signup api key's listing ({@link ApiKey#SIGNUP_KEY_ID}), if the tenant still has one. */
    Optional<ApiKey> signupApiKey(String tenantId);

    /** Revokes the signup api key: the hash stops resolving; false if there was none. */
    boolean revokeSignupApiKey(String tenantId);

    /** Records when an api key was last used. A key deleted meanwhile stays deleted. */
    void markKeyUsed(String keyHash, long at);

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

    /**
     * Marks the organization deleted at {@code at} (docs/RETENTION.md, "Deleting an organization"): from
     * then on {@link #find} does not find it, and its ingest key and signup api key stop resolving, in one
     * write. What is left of the tenant's item is only the erasure's marker, listed by {@link #tenantPage}
     * until {@link #eraseTenant}. False when there is no such tenant (or it was deleted already).
     */
    boolean markDeleted(String tenantId, long at);

    /** When the organization was marked deleted, while its marker is still there. */
    OptionalLong deletedAt(String tenantId);

    /** Deletes the tenant's item (the deletion's marker) and any key hash it still names: erasure's last step. */
    void eraseTenant(String tenantId);

    /** Every tenant id; for the retention sweep, never on a request path. */
    List<String> allTenantIds();

    /** Up to a page of tenant ids and where the next page starts (null: this was the last). */
    record TenantPage(List<String> tenantIds, String next) {}

    /**
     * One page of tenant ids in the store's own order, after the cursor {@code after} (null: the first
     * page): the planner of the scheduled jobs pages through every tenant with it, a page per request,
     * and may stop and go on later from {@link TenantPage#next}. Never on a request path.
     */
    TenantPage tenantPage(String after, int max);
}
