package dev.rewind.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.common.Json;
import dev.rewind.storage.AssetStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an offer asks of the store: the HEADs that the copies referenced recently spare. */
class AssetsTest {
    private static final String HASH = "b".repeat(64);
    private static final String OFFER = "{\"assets\":[{\"url\":\"https://shop.example/a.png\",\"hash\":\"" + HASH
            + "\",\"size\":10,\"type\":\"image/png\"}]}";

    /** A store holding one copy, counting HEADs and touches. */
    private static final class OneCopy implements AssetStore {
        Instant referencedAt;
        final List<String> calls = new ArrayList<>();

        OneCopy(Instant referencedAt) {
            this.referencedAt = referencedAt;
        }

        @Override
        public Optional<Stored> stored(String t, String h) {
            calls.add("head");
            return Optional.of(new Stored(referencedAt, "image/png"));
        }

        @Override
        public void touch(String t, String h, String c, Instant now) {
            calls.add("touch");
            referencedAt = now;
        }

        @Override
        public UploadUrl uploadUrl(String t, String h, long s, String c, Duration v) {
            throw new AssertionError("the copy is stored");
        }

        @Override
        public Optional<Upload> upload(String t, String h, long m) {
            return Optional.empty();
        }

        @Override
        public void deleteUpload(String t, String h) {}

        @Override
        public void store(String t, String h, byte[] b, String c, Instant n) {}

        @Override
        public String readUrl(String t, String h, Duration v) {
            return "https://bucket/" + h;
        }

        @Override
        public int deleteUnused(String t, Instant s, Instant u) {
            return 0;
        }

        @Override
        public int deleteTenant(String t) {
            return 0;
        }
    }

    private static Tenant tenant(String id) {
        return Tenant.create(id, "Shop", "owner@shop.example", 0);
    }

    @Test
    void aCopyReferencedRecentlyIsOfferedWithoutAskingTheStoreAgainUntilItNeedsATouch() throws Exception {
        // given a copy stored two days ago
        MutableClock clock = MutableClock.now();
        OneCopy store = new OneCopy(clock.instant().minus(Duration.ofDays(2)));
        Assets assets = new Assets(store, new InMemoryChunkStore(), clock);

        // when three visitors' pages offer it within the hour
        for (int visitor = 0; visitor < 3; visitor++) {
            assertThat(assets.offer(tenant("t1"), Json.MAPPER.readTree(OFFER))).isEmpty();
        }

        // then only the first asked the store (and touched the copy, referenced two days ago)
        assertThat(store.calls).containsExactly("head", "touch");

        // when another tenant offers the same hash, or 13 hours pass: the store is asked again
        store.calls.clear();
        assets.offer(tenant("t2"), Json.MAPPER.readTree(OFFER));
        clock.advance(Duration.ofHours(13));
        assets.offer(tenant("t1"), Json.MAPPER.readTree(OFFER));
        assertThat(store.calls).containsExactly("head", "head");
    }
}
