package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.InMemoryTenantStore;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.StoreFaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ingest key cache on an in-memory tenant store (docs/INGEST.md): one lookup per key per 30 s, unknown
 * keys included, so a rotated ingest key or a settings change reaches ingest at most 30 s late.
 */
class IngestKeyCacheTest {
    private static final String INGEST_KEY = "pk_" + "a".repeat(32);
    private static final String API_KEY = "sk_" + "b".repeat(32);

    private final MutableClock clock = MutableClock.now();
    private final StoreFaults reads = StoreFaults.none();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore(reads);
    private final IngestKeyCache cache = new IngestKeyCache(tenants, clock);
    private final Tenant tenant = Tenant.create("t_cache", "Cache", "owner@cache.example", clock.millis());

    {
        tenants.create(tenant, Keys.hash(INGEST_KEY), Keys.hash(API_KEY), null);
    }

    @Test
    void aKeyIsLookedUpOncePerThirtySeconds() {
        // given the key was resolved once
        int before = reads.calls();
        assertThat(cache.tenantFor(INGEST_KEY)).contains(tenant);
        int afterFirst = reads.calls();

        // when it comes again just before the 30 s are up, and then at 30 s
        clock.advance(Duration.ofMillis(IngestKeyCache.TTL_MS - 1));
        assertThat(cache.tenantFor(INGEST_KEY)).contains(tenant);
        assertThat(reads.calls()).as("answered from the cache").isEqualTo(afterFirst);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.tenantFor(INGEST_KEY)).contains(tenant);

        // then only the second lookup read the store again
        assertThat(reads.calls() - before).isEqualTo(2 * (afterFirst - before));
    }

    @Test
    void aRotatedKeyStopsWorkingWithinThirtySecondsAndTheNewOneWorks() {
        // given the old key is cached, and then rotated
        cache.tenantFor(INGEST_KEY);
        String rotated = "pk_" + "c".repeat(32);
        tenants.rotateKey(tenant.tenantId(), KeyKind.INGEST, Keys.hash(rotated));

        // then the new key works at once, the old one until its entry is 30 s old, then never again
        assertThat(cache.tenantFor(rotated)).contains(tenant);
        clock.advance(Duration.ofMillis(IngestKeyCache.TTL_MS - 1));
        assertThat(cache.tenantFor(INGEST_KEY)).contains(tenant);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.tenantFor(INGEST_KEY)).isEmpty();
    }

    @Test
    void aSettingsChangeReachesIngestWithinThirtySeconds() {
        // given the tenant is cached, then its sample rate is lowered
        cache.tenantFor(INGEST_KEY);
        Tenant changed = tenant.withSettings(
                tenant.retentionDays(),
                tenant.allowedOrigins(),
                0.25,
                tenant.maskAllText(),
                tenant.consentRequired(),
                tenant.urlQueryAllowList(),
                tenant.frustrationRules(),
                tenant.consoleLevels(),
                tenant.captureAssets(),
                tenant.recordCanvas(),
                clock.millis());
        tenants.update(changed);

        // then ingest sees the change once the entry is 30 s old
        assertThat(cache.tenantFor(INGEST_KEY).orElseThrow().sampleRate()).isEqualTo(1.0);
        clock.advance(Duration.ofMillis(IngestKeyCache.TTL_MS));
        assertThat(cache.tenantFor(INGEST_KEY).orElseThrow().sampleRate()).isEqualTo(0.25);
    }

    @Test
    void unknownKeysAndKeysOfAnotherKindAreRefusedAndCachedToo() {
        // when a flood of one unknown key comes, and the tenant's api key is sent as an ingest key
        String unknown = "pk_" + "z".repeat(32);
        assertThat(cache.tenantFor(unknown)).isEmpty();
        int afterFirst = reads.calls();
        for (int i = 0; i < 100; i++) {
            assertThat(cache.tenantFor(unknown)).isEmpty();
        }

        // then the unknown key reached the store once
        assertThat(reads.calls()).isEqualTo(afterFirst);
        assertThat(cache.tenantFor(API_KEY)).as("an api key is no ingest key").isEmpty();
    }
}
