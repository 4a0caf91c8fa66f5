package dev.rewind.priming;

import dev.rewind.Rewind;
import dev.rewind.aws.DynamoSessionIndex;
import dev.rewind.aws.SessionItem;
import dev.rewind.common.Metrics;
import dev.rewind.common.RewindConfig;
import dev.rewind.insights.ErrorChange;
import dev.rewind.insights.ErrorDay;
import dev.rewind.insights.ErrorGroup;
import dev.rewind.insights.Hotspot;
import dev.rewind.insights.HotspotChange;
import dev.rewind.insights.HotspotStore;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.KeyGrant;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.ShareLink;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import dev.rewind.usage.UsageDay;
import dev.rewind.usage.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ingest pipeline with its three AWS calls replaced by in-memory stand-ins, for the two places that
 * must run the real handler code without touching AWS: SnapStart priming ({@link Priming}) and the
 * ingest benchmark (bench/). The stand-ins still do the work the real ones do on our side of the wire:
 * the session item is mapped to DynamoDB attribute values through the real static schema and read back
 * from them, its state deflated and inflated. One tenant, one session at a time.
 */
public final class InMemoryRewind {
    /** The one tenant's ingest key (not a real key: nothing outside this process knows it). */
    public static final String INGEST_KEY = "pk_inmemoryinmemoryinmemoryinmemory";

    private InMemoryRewind() {}

    /** A configuration naming no real resource: for wiring that never reaches AWS (and the tests' in-memory stores). */
    public static RewindConfig config() {
        return new RewindConfig(
                "t",
                "k",
                "s",
                "u",
                "m",
                "a",
                "g",
                "i",
                "b",
                "http://localhost",
                "http://localhost",
                "http://localhost/sdk/rewind.js",
                new RewindConfig.UserPool("us-east-1", null, null));
    }

    public static Rewind rewind(Clock clock) {
        Tenant tenant = Tenant.create("t_inmemory", "In memory", "nobody@rewind.local", clock.millis());
        RewindConfig config = config();
        // ingest only: no teams, no audit log, no user pool; usage counted in memory
        StoredStateIndex index = new StoredStateIndex();
        return new Rewind(
                config,
                clock,
                new OneTenant(tenant),
                new DiscardingChunks(),
                index,
                null,
                null,
                null,
                new CountingUsage(),
                AssetStore.NONE,
                new UncountedHotspots(index),
                Metrics.NONE);
    }

    /** Forgets the session between runs, so each run ingests the session from its first chunk. */
    public static void reset(Rewind rewind) {
        ((StoredStateIndex) rewind.sessions).reset();
    }

    private static final class OneTenant implements TenantStore {
        private final Tenant tenant;
        private final String hash = Keys.hash(INGEST_KEY);

        OneTenant(Tenant tenant) {
            this.tenant = tenant;
        }

        @Override
        public Optional<KeyGrant> findKey(String keyHash) {
            return keyHash.equals(hash)
                    ? Optional.of(new KeyGrant(KeyKind.INGEST, tenant.tenantId(), null, 0))
                    : Optional.empty();
        }

        @Override
        public Optional<Tenant> find(String tenantId) {
            return Optional.of(tenant);
        }

        @Override
        public void create(Tenant t, String i, String a, Member o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(Tenant t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rotateKey(String t, KeyKind k, String h) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publishIngestKey(String t, String k) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> ingestKey(String t) {
            return Optional.of(INGEST_KEY);
        }

        @Override
        public Optional<ApiKey> signupApiKey(String t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean revokeSignupApiKey(String t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void markKeyUsed(String h, long at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putShare(String h, String t, String s, long e) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int deleteShares(String t, String s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ShareLink> shares(String t, String s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteShare(String t, String s, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void noteRefusedOrigin(String t, String o, long at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Long> refusedOrigins(String t) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> allTenantIds() {
            return List.of(tenant.tenantId());
        }

        @Override
        public boolean markDeleted(String tenantId, long at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.OptionalLong deletedAt(String tenantId) {
            return java.util.OptionalLong.empty();
        }

        @Override
        public void eraseTenant(String tenantId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TenantPage tenantPage(String after, int max) {
            return new TenantPage(after == null ? List.of(tenant.tenantId()) : List.of(), null);
        }
    }

    /** S3 PutObject: the bytes leave the process; nothing to keep. */
    private static final class DiscardingChunks implements ChunkStore {
        long bytes;

        @Override
        public boolean putIfAbsent(String t, String s, int seq, byte[] gzipJson) {
            bytes += gzipJson.length;
            return true;
        }

        @Override
        public Optional<byte[]> get(String t, String s, int seq) {
            return Optional.empty();
        }

        @Override
        public String url(String t, String s, int seq, Duration d) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String t, String s, int seq) {}

        @Override
        public int deleteSession(String t, String s) {
            return 0;
        }

        @Override
        public int deleteTenant(String t) {
            return 0;
        }

        @Override
        public List<String> keys(String t) {
            return List.of();
        }
    }

    /** DynamoDB UpdateItem of the counters: each grant and admission is granted, each chunk counted. */
    private static final class CountingUsage implements UsageStore {
        long chunks;

        @Override
        public boolean grantChunks(String t, long minute, int n, int limit) {
            return true;
        }

        @Override
        public boolean admitSession(String t, String month, int quota) {
            return true;
        }

        @Override
        public long sessionsAdmitted(String t, String month) {
            return 0;
        }

        @Override
        public void addUsage(String t, String day, int sessions, int chunks, long bytes) {
            this.chunks += chunks;
        }

        @Override
        public int eraseTenant(String t) {
            return 0;
        }

        @Override
        public List<UsageDay> days(String t, String from, String to) {
            return List.of();
        }
    }

    /** The hotspot aggregates: the session is saved as the index saves it, the aggregates leave the process. */
    private record UncountedHotspots(StoredStateIndex index) implements HotspotStore {
        @Override
        public boolean saveCounting(SessionRecord r, long e, List<HotspotChange> c, List<ErrorChange> errors) {
            return index.save(r, e);
        }

        @Override
        public List<ErrorDay> errorDays(String t, LocalDate f, LocalDate to) {
            return List.of();
        }

        @Override
        public Map<String, ErrorGroup> errorGroups(String t, List<String> ids) {
            return Map.of();
        }

        @Override
        public ErrorGroupDays errorGroup(String t, String id, List<LocalDate> days) {
            return null;
        }

        @Override
        public java.util.Optional<dev.rewind.insights.RescoreRun> rescoreRun(String t) {
            return java.util.Optional.empty();
        }

        @Override
        public boolean saveRescoreRun(String t, dev.rewind.insights.RescoreRun run) {
            return false;
        }

        @Override
        public boolean saveStatus(String t, ErrorGroup g) {
            return true;
        }

        @Override
        public int eraseTenant(String t) {
            return 0;
        }

        @Override
        public List<Hotspot> between(String t, LocalDate f, LocalDate to) {
            return List.of();
        }

        @Override
        public Map<String, SessionRecord> sessions(String t, List<String> ids) {
            return Map.of();
        }
    }

    /** The session item as DynamoDB holds it: attribute values, with the state deflated. */
    private static final class StoredStateIndex implements SessionIndex {
        private Map<String, AttributeValue> item;

        void reset() {
            item = null;
        }

        @Override
        public Optional<SessionRecord> load(String tenantId, String sessionId) {
            if (item == null) {
                return Optional.empty();
            }
            return Optional.of(DynamoSessionIndex.toRecord(SessionItem.SCHEMA.mapToItem(item)));
        }

        @Override
        public boolean save(SessionRecord record, long expiresAtEpochSeconds) {
            SessionItem next = DynamoSessionIndex.toItem(record, expiresAtEpochSeconds);
            next.setVersion(record.version == null ? 1 : record.version + 1);
            item = SessionItem.SCHEMA.itemToMap(next, true);
            return true;
        }

        @Override
        public SessionPage list(String t, SessionQuery q, long n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StartEntry> startedBefore(String t, long b, StartEntry a, int m) {
            return List.of();
        }

        @Override
        public OpenPage openStartedBefore(String t, long b, StartEntry a, int m) {
            return new OpenPage(List.of(), null);
        }

        @Override
        public boolean deleteIfUnchanged(String t, String s, long v) {
            item = null;
            return true;
        }

        @Override
        public Optional<SessionRecord> replaceWithTombstone(String t, String s, long d, long e) {
            throw new UnsupportedOperationException();
        }
        /** DynamoDB PutItem of the link: an identified priming session writes it once. */
        @Override
        public void linkUser(String t, String u, String s, long e) {}

        @Override
        public List<String> sessionsOfUser(String t, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TenantScan tenantSessions(String t, String a, int m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forget(String t, String s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String unlinkTenantUsers(String t, String a, int m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unlinkUser(String t, String u, String s) {
            throw new UnsupportedOperationException();
        }
    }
}
