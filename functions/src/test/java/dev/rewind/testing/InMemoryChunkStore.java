package dev.rewind.testing;

import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.ChunkStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The chunk bucket in memory, for tests about logic (CONTRIBUTING.md, "Test tiers"): objects under the
 * keys {@code S3ChunkStore} writes ({@link ChunkBucket#chunkKey}), so prefixes and listings match.
 */
public final class InMemoryChunkStore implements ChunkStore {
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final StoreFaults faults;

    public InMemoryChunkStore() {
        this(StoreFaults.none());
    }

    public InMemoryChunkStore(StoreFaults faults) {
        this.faults = faults;
    }

    @Override
    public boolean putIfAbsent(String tenantId, String sessionId, int seq, byte[] gzipJson) {
        return faults.call(
                "chunk put",
                () -> objects.putIfAbsent(ChunkBucket.chunkKey(tenantId, sessionId, seq), gzipJson.clone()) == null);
    }

    @Override
    public Optional<byte[]> get(String tenantId, String sessionId, int seq) {
        return faults.call(
                "chunk get",
                () -> Optional.ofNullable(objects.get(ChunkBucket.chunkKey(tenantId, sessionId, seq)))
                        .map(byte[]::clone));
    }

    @Override
    public String url(String tenantId, String sessionId, int seq, Duration validFor) {
        return "memory:///" + ChunkBucket.chunkKey(tenantId, sessionId, seq) + "?expires=" + validFor.toSeconds();
    }

    @Override
    public void delete(String tenantId, String sessionId, int seq) {
        faults.call("chunk delete", () -> objects.remove(ChunkBucket.chunkKey(tenantId, sessionId, seq)));
    }

    @Override
    public int deleteSession(String tenantId, String sessionId) {
        return faults.call("chunk delete", () -> {
            List<String> keys = keysUnder(ChunkBucket.sessionPrefix(tenantId, sessionId));
            keys.forEach(objects::remove);
            return keys.size();
        });
    }

    @Override
    public int deleteTenant(String tenantId) {
        return faults.call("chunk delete", () -> {
            List<String> keys = keysUnder(ChunkBucket.tenantPrefix(tenantId));
            keys.forEach(objects::remove);
            return keys.size();
        });
    }

    /** Every key under the tenant's prefix; a look for assertions, never failing and not counted. */
    @Override
    public List<String> keys(String tenantId) {
        return keysUnder(ChunkBucket.tenantPrefix(tenantId));
    }

    private List<String> keysUnder(String prefix) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    }
}
