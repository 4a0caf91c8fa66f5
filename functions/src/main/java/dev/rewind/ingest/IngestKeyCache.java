package dev.rewind.ingest;

import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ingest key → tenant, cached per Lambda instance for {@link #TTL_MS}: a visitor sends a chunk every
 * few seconds and the key lookup would otherwise double the DynamoDB reads of ingest. So a rotated
 * ingest key, or a settings change, reaches ingest at most 30 seconds late (documented in docs/INGEST.md).
 * Unknown keys are cached too, so a flood of bad keys does not reach DynamoDB.
 */
public final class IngestKeyCache {
    static final long TTL_MS = 30_000;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Tenant tenant, long fetchedAt) {}

    private final TenantStore tenants;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public IngestKeyCache(TenantStore tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    public synchronized Optional<Tenant> tenantFor(String ingestKey) {
        String hash = Keys.hash(ingestKey);
        long now = clock.millis();
        Entry cached = entries.get(hash);
        if (cached != null && now - cached.fetchedAt < TTL_MS) {
            return Optional.ofNullable(cached.tenant);
        }
        Tenant tenant = tenants.findKey(hash)
                .filter(grant -> grant.kind() == KeyKind.INGEST)
                .map(KeyGrant::tenantId)
                .flatMap(tenants::find)
                .orElse(null);
        entries.put(hash, new Entry(tenant, now));
        return Optional.ofNullable(tenant);
    }
}
