package dev.rewind.testing;

import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.KeyScope;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Tenants and key hashes in memory, for tests about logic (CONTRIBUTING.md, "Test tiers"). Like
 * {@code DynamoTenantStore}, a rotation replaces the tenant's key of that kind: the old hash stops
 * resolving at once. {@link StoreFaults#calls()} counts its reads for tests about caching. It keeps no
 * memberships: an owner given to {@link #create} is not stored (tests about members use the emulator).
 */
public final class InMemoryTenantStore implements TenantStore {
    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Map<String, KeyGrant> grants = new HashMap<>();
    /** When each key hash was last used. */
    private final Map<String, Long> lastUsed = new HashMap<>();
    /** The hash of each tenant's current key, by tenant id and kind. */
    private final Map<String, Map<KeyKind, String>> currentKeys = new HashMap<>();
    /** The published ingest key of each tenant. */
    private final Map<String, String> ingestKeys = new HashMap<>();

    private final StoreFaults faults;

    public InMemoryTenantStore() {
        this(StoreFaults.none());
    }

    public InMemoryTenantStore(StoreFaults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized void create(Tenant tenant, String ingestKeyHash, String apiKeyHash, Member owner) {
        faults.call("tenant create", () -> {
            tenants.put(tenant.tenantId(), tenant);
            currentKeys.put(tenant.tenantId(), new HashMap<>());
            putKey(tenant.tenantId(), KeyKind.INGEST, ingestKeyHash);
            if (apiKeyHash != null) {
                putKey(tenant.tenantId(), KeyKind.API, apiKeyHash);
            }
        });
    }

    @Override
    public synchronized Optional<Tenant> find(String tenantId) {
        return faults.call("tenant find", () -> Optional.ofNullable(tenants.get(tenantId)));
    }

    @Override
    public synchronized void update(Tenant tenant) {
        faults.call(
                "tenant update", () -> tenants.put(existing(tenant.tenantId()).tenantId(), tenant));
    }

    @Override
    public synchronized Optional<KeyGrant> findKey(String keyHash) {
        return faults.call("tenant findKey", () -> Optional.ofNullable(grants.get(keyHash)));
    }

    @Override
    public synchronized void rotateKey(String tenantId, KeyKind kind, String newKeyHash) {
        faults.call("tenant rotateKey", () -> {
            existing(tenantId);
            grants.remove(currentKeys.get(tenantId).get(kind));
            putKey(tenantId, kind, newKeyHash);
        });
    }

    @Override
    public synchronized void publishIngestKey(String tenantId, String ingestKey) {
        faults.call("tenant publishIngestKey", () -> {
            if (Keys.hash(ingestKey)
                    .equals(currentKeys.get(existing(tenantId).tenantId()).get(KeyKind.INGEST))) {
                ingestKeys.put(tenantId, ingestKey);
            }
        });
    }

    @Override
    public synchronized Optional<String> ingestKey(String tenantId) {
        return faults.call(
                "tenant ingestKey",
                () -> Optional.ofNullable(ingestKeys.get(tenantId))
                        .filter(key ->
                                Keys.hash(key).equals(currentKeys.get(tenantId).get(KeyKind.INGEST))));
    }

    @Override
    public synchronized Optional<ApiKey> signupApiKey(String tenantId) {
        return faults.call("tenant signupApiKey", () -> {
            existing(tenantId);
            String hash = currentKeys.get(tenantId).get(KeyKind.API);
            return Optional.ofNullable(hash)
                    .map(h -> new ApiKey(
                            ApiKey.SIGNUP_KEY_ID,
                            "signup api key",
                            KeyScope.ADMIN,
                            null,
                            0,
                            lastUsed.getOrDefault(h, 0L)));
        });
    }

    @Override
    public synchronized boolean revokeSignupApiKey(String tenantId) {
        return faults.call("tenant revokeSignupApiKey", () -> {
            existing(tenantId);
            String hash = currentKeys.get(tenantId).remove(KeyKind.API);
            return hash != null && grants.remove(hash) != null;
        });
    }

    @Override
    public synchronized void markKeyUsed(String keyHash, long at) {
        faults.call("tenant markKeyUsed", () -> {
            if (grants.containsKey(keyHash)) {
                lastUsed.put(keyHash, at);
            }
        });
    }

    @Override
    public synchronized void putShare(String tokenHash, String tenantId, String sessionId, long expiresAtEpochSeconds) {
        faults.call(
                "tenant putShare",
                () -> grants.put(tokenHash, new KeyGrant(KeyKind.SHARE, tenantId, sessionId, expiresAtEpochSeconds)));
    }

    @Override
    public synchronized List<ShareLink> shares(String tenantId, String sessionId) {
        return faults.call(
                "tenant shares",
                () -> shareHashes(tenantId, sessionId).stream()
                        .map(hash -> new ShareLink(
                                ShareLink.idOf(hash), grants.get(hash).expiresAtEpochSeconds()))
                        .toList());
    }

    @Override
    public synchronized boolean deleteShare(String tenantId, String sessionId, String shareId) {
        return faults.call(
                "tenant deleteShare",
                () -> shareHashes(tenantId, sessionId).stream()
                        .filter(hash -> ShareLink.idOf(hash).equals(shareId))
                        .findFirst()
                        .map(hash -> grants.remove(hash) != null)
                        .orElse(false));
    }

    private List<String> shareHashes(String tenantId, String sessionId) {
        return grants.entrySet().stream()
                .filter(e -> e.getValue().kind() == KeyKind.SHARE
                        && e.getValue().tenantId().equals(tenantId)
                        && sessionId.equals(e.getValue().sessionId()))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public synchronized int deleteShares(String tenantId, String sessionId) {
        return faults.call("tenant deleteShares", () -> {
            List<String> shares = grants.entrySet().stream()
                    .filter(e -> e.getValue().kind() == KeyKind.SHARE
                            && e.getValue().tenantId().equals(tenantId)
                            && sessionId.equals(e.getValue().sessionId()))
                    .map(Map.Entry::getKey)
                    .toList();
            shares.forEach(grants::remove);
            return shares.size();
        });
    }

    private final Map<String, Map<String, Long>> refusedOrigins = new HashMap<>();

    @Override
    public synchronized void noteRefusedOrigin(String tenantId, String origin, long atMillis) {
        faults.call("tenant noteRefusedOrigin", () -> {
            Map<String, Long> refused = refusedOrigins.computeIfAbsent(tenantId, t -> new HashMap<>());
            refused.put(origin, atMillis);
            while (refused.size() > MAX_REFUSED_ORIGINS) {
                refused.entrySet().stream()
                        .min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> refused.remove(oldest.getKey()));
            }
        });
    }

    @Override
    public synchronized Map<String, Long> refusedOrigins(String tenantId) {
        return faults.call("tenant refusedOrigins", () -> Map.copyOf(refusedOrigins.getOrDefault(tenantId, Map.of())));
    }

    @Override
    public synchronized List<String> allTenantIds() {
        return faults.call("tenant allTenantIds", () -> new ArrayList<>(tenants.keySet()));
    }

    /** Tenant ids in sorted order; the cursor is the last id of the page. */
    @Override
    public synchronized TenantPage tenantPage(String after, int max) {
        return faults.call("tenant tenantPage", () -> {
            List<String> ids = java.util.stream.Stream.concat(tenants.keySet().stream(), deleted.keySet().stream())
                    .sorted()
                    .filter(id -> after == null || id.compareTo(after) > 0)
                    .limit(max + 1L)
                    .toList();
            return ids.size() > max ? new TenantPage(ids.subList(0, max), ids.get(max - 1)) : new TenantPage(ids, null);
        });
    }

    private Tenant existing(String tenantId) {
        Tenant tenant = tenants.get(tenantId);
        if (tenant == null) {
            throw new NoSuchElementException("no tenant " + tenantId);
        }
        return tenant;
    }

    /** The deletion markers: tenant id → when it was deleted. */
    private final Map<String, Long> deleted = new HashMap<>();

    @Override
    public synchronized boolean markDeleted(String tenantId, long at) {
        return faults.call("tenant markDeleted", () -> {
            if (tenants.remove(tenantId) == null) {
                return false;
            }
            deleted.put(tenantId, at);
            currentKeys.getOrDefault(tenantId, Map.of()).values().forEach(grants::remove);
            currentKeys.remove(tenantId);
            ingestKeys.remove(tenantId);
            refusedOrigins.remove(tenantId);
            return true;
        });
    }

    @Override
    public synchronized java.util.OptionalLong deletedAt(String tenantId) {
        return faults.call(
                "tenant deletedAt",
                () -> deleted.containsKey(tenantId)
                        ? java.util.OptionalLong.of(deleted.get(tenantId))
                        : java.util.OptionalLong.empty());
    }

    @Override
    public synchronized void eraseTenant(String tenantId) {
        faults.call("tenant eraseTenant", () -> deleted.remove(tenantId));
    }

    /** Whether anything of the tenant is left: its settings, a deletion marker or a key, share or token hash. */
    public synchronized boolean holdsAnythingOf(String tenantId) {
        return tenants.containsKey(tenantId)
                || deleted.containsKey(tenantId)
                || grants.values().stream().anyMatch(g -> g.tenantId().equals(tenantId));
    }

    private void putKey(String tenantId, KeyKind kind, String keyHash) {
        grants.put(keyHash, new KeyGrant(kind, tenantId, null, 0));
        currentKeys.get(tenantId).put(kind, keyHash);
    }
}
