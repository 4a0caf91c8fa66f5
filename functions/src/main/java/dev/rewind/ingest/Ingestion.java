package dev.rewind.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Metrics;
import dev.rewind.common.Refused;
import dev.rewind.common.Refused.Reason;
import dev.rewind.insights.ErrorChange;
import dev.rewind.insights.HotspotChange;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.Insights;
import dev.rewind.insights.SessionErrors;
import dev.rewind.insights.SessionHotspots;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionAggregator;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.usage.UsageMeter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ingest pipeline shared by live chunks and imports: store the chunk in S3 (once per seq), then
 * fold it into the session index. Chunks are aggregated strictly in seq order, whatever order they
 * arrive in: a chunk that comes early waits in S3 (its seq is recorded) until the gap before it
 * closes, so the index ends the same either way. Each index update is a versioned put; a writer that
 * loses the race reloads.
 */
public final class Ingestion {
    private static final int MAX_ATTEMPTS = 16;
    private static final int STORE_ATTEMPTS = 3;

    public enum Outcome {
        STORED,
        DUPLICATE
    }

    private final ChunkStore chunks;
    private final SessionIndex index;
    private final HotspotStore hotspots;
    private final UsageMeter usage;
    private final Metrics metrics;
    private final Clock clock;

    public Ingestion(
            ChunkStore chunks,
            SessionIndex index,
            HotspotStore hotspots,
            UsageMeter usage,
            Metrics metrics,
            Clock clock) {
        this.metrics = metrics;
        this.chunks = chunks;
        this.index = index;
        this.hotspots = hotspots;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Stores and indexes one chunk, its URLs scrubbed first ({@link RecordedUrls}). Returns only once both are durable; retrying is always safe. The user
     * ids it carries are linked to the session before its bytes are stored, so erasure by user finds every
     * stored chunk (docs/RETENTION.md). A (session, seq) is stored once: the same chunk again is a
     * {@link Outcome#DUPLICATE}, a different one is refused ({@code CHUNK_CONFLICT}) and is not stored.
     * A session's first chunk is admitted against the tenant's monthly quota before anything of it is
     * stored; a stored chunk is counted in the tenant's usage once, by the writer that indexed it.
     * @throws Refused {@code QUOTA_EXCEEDED} when the chunk would start a session beyond the tenant's quota; {@code SESSION_DELETED} when the session was deleted: its chunks are refused;
     *     {@code CHUNK_CONFLICT} when its seq holds a different chunk
     */
    public Outcome ingest(Tenant tenant, Chunk received, String userAgent) {
        Chunk chunk = RecordedUrls.scrub(received, tenant.urlQueryAllowList());
        SessionRecord current = load(tenant, chunk);
        if (current.isDeleted()) {
            throw refuseDeleted(tenant, chunk);
        }
        boolean indexed = current.seqs.contains(chunk.seq());
        if (!indexed) {
            if (current.isListed()
                    && chunk.lastTimestamp() - current.state.startedAt() > IngestLimits.MAX_SESSION_LENGTH_MS) {
                throw ChunkParser.sessionTooLong();
            }
            if (current.version == null) {
                usage.admitSession(tenant);
            }
            linkNewUsers(tenant, chunk, current);
        }
        // a seq new to the index is counted beside its S3 put, and the count corrected to what happened
        UsageMeter.Counting counting =
                indexed ? null : usage.counting(tenant, current.version == null, chunk.gzipJson().length);
        Indexed result = null;
        try {
            storeOnce(tenant, chunk, indexed);
            result = index(tenant, chunk, userAgent, current);
            if (result.outcome() == Outcome.STORED) {
                metrics.chunkStored(chunk.gzipJson().length, result.startedSession());
            }
            return result.outcome();
        } finally {
            if (counting != null) {
                counting.settle(
                        result != null && result.outcome() == Outcome.STORED,
                        result != null && result.startedSession());
            }
        }
    }

    /** What the index write did: stored the seq (and created the session with it), or found it there. */
    private record Indexed(Outcome outcome, boolean startedSession) {}

    /** Links each user id the chunk carries that the session has not carried before; refuses one too many. */
    private void linkNewUsers(Tenant tenant, Chunk chunk, SessionRecord current) {
        Set<String> carried = new TreeSet<>(current.userIds);
        carried.addAll(chunk.userIds());
        if (carried.size() > IngestLimits.MAX_USER_IDS_PER_SESSION) {
            throw ChunkParser.tooManyUserIds();
        }
        // as long as the session item can live (expiresAt): a link never expires before its session
        long expiresAt = clock.millis() / 1000 + ChunkBucket.LIFECYCLE_EXPIRE_DAYS * 86_400L;
        for (String userId : chunk.userIds()) {
            if (!current.userIds.contains(userId)) {
                index.linkUser(tenant.tenantId(), userId, chunk.sessionId(), expiresAt);
            }
        }
    }

    /**
     * The session was deleted: a delete wins over its later chunks. This chunk's object (stored by this
     * request when the delete came in between, or by an earlier attempt of it) and the links of its user
     * ids go, so nothing of it outlives the deletion; the recorder starts a new session on 410.
     */
    private Refused refuseDeleted(Tenant tenant, Chunk chunk) {
        chunks.delete(tenant.tenantId(), chunk.sessionId(), chunk.seq());
        for (String userId : chunk.userIds()) {
            index.unlinkUser(tenant.tenantId(), userId, chunk.sessionId());
        }
        return new Refused(Reason.SESSION_DELETED, "this session was deleted; record a new one");
    }

    /**
     * Puts the chunk in S3 unless its key holds one, which is never overwritten: S3's conditional write
     * decides between concurrent writers, so the bytes stored are the bytes of every chunk that goes on
     * to the index. What is there already must be this very chunk (a retry, or a copy sent twice);
     * their JSON is compared, not their gzip, which differs between browsers and this server. A seq
     * the index has is compared at once, without a write that would be refused.
     */
    private void storeOnce(Tenant tenant, Chunk chunk, boolean indexed) {
        boolean put = !indexed;
        for (int attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
            if (put && chunks.putIfAbsent(tenant.tenantId(), chunk.sessionId(), chunk.seq(), chunk.gzipJson())) {
                return;
            }
            put = true;
            Optional<byte[]> stored = chunks.get(tenant.tenantId(), chunk.sessionId(), chunk.seq());
            if (stored.isPresent()) {
                if (!ChunkParser.sameJson(stored.get(), chunk.gzipJson())) {
                    throw new Refused(
                            Reason.CHUNK_CONFLICT,
                            "seq " + chunk.seq()
                                    + " of this session holds a different chunk: a (sessionId, seq) is stored once");
                }
                return;
            }
            // deleted between the two calls (the session was erased): try again
        }
        throw new Refused(Reason.SESSION_BUSY, "the chunk could not be stored, retry later");
    }

    private SessionRecord load(Tenant tenant, Chunk chunk) {
        return index.load(tenant.tenantId(), chunk.sessionId())
                .orElseGet(() -> SessionRecord.fresh(tenant.tenantId(), chunk.sessionId()));
    }

    private Indexed index(Tenant tenant, Chunk chunk, String userAgent, SessionRecord loaded) {
        SessionRecord record = loaded;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
                record = load(tenant, chunk);
            }
            if (record.isDeleted()) {
                throw refuseDeleted(tenant, chunk);
            }
            if (record.seqs.contains(chunk.seq())) {
                return new Indexed(Outcome.DUPLICATE, false);
            }
            if (record.userAgent == null) {
                record.userAgent = userAgent;
            }
            record.seqs.add(chunk.seq());
            if (chunk.namesAssets()) {
                record.assetSeqs.add(chunk.seq());
            }
            record.userIds.addAll(chunk.userIds());
            record.lastChunkAt = clock.millis();
            record.finishedAt = 0; // open again: a chunk after a finish goes back to the finisher
            aggregateInOrder(tenant, record, chunk);
            if (save(tenant, record)) {
                // a record without a version did not exist: this save started the session
                return new Indexed(Outcome.STORED, record.version == null);
            }
        }
        throw new Refused(Reason.SESSION_BUSY, "the session is busy, retry later");
    }

    /**
     * The session is over (an import's last chunk is in): chunks still waiting behind a gap are
     * aggregated, and windows still open — a rage burst or a dead-click wait at the very end — are decided
     * now. The session leaves the by-open index. Idempotent: a finished session is not written again.
     */
    public void finish(Tenant tenant, String sessionId) {
        finishIfIdle(tenant, sessionId, Long.MAX_VALUE);
    }

    /**
     * {@link #finish} if no chunk was indexed at or after {@code idleBefore} (server epoch ms): a chunk
     * that lands while the idle-session finisher works keeps the session open.
     * @return true when this call finished the session
     */
    public boolean finishIfIdle(Tenant tenant, String sessionId, long idleBefore) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            Optional<SessionRecord> loaded = index.load(tenant.tenantId(), sessionId);
            if (loaded.isEmpty()
                    || loaded.get().isDeleted()
                    || !loaded.get().isOpen()
                    || loaded.get().lastChunkAt >= idleBefore) {
                return false;
            }
            SessionRecord record = loaded.get();
            aggregateWaiting(tenant, record);
            SessionAggregator aggregator = new SessionAggregator(tenant.frustrationRules(), record.state);
            aggregator.finish();
            record.state = aggregator.state();
            record.finishedAt = clock.millis();
            if (save(tenant, record)) {
                return true;
            }
        }
        throw new Refused(Reason.SESSION_BUSY, "the session is busy, retry later");
    }

    /** What a re-score did to one session (docs/FRUSTRATION.md, "Re-score history"). */
    public enum Rescored {
        /** Its chunks went through detection again and its frustrations, flags or hotspots changed. */
        CHANGED,
        /** Its chunks went through detection again and gave what it had: nothing was written. */
        UNCHANGED,
        /** Left as it is: still open (chunks may come), started before {@code notBefore}, deleted or gone. */
        SKIPPED
    }

    /**
     * Runs every stored chunk of the finished session through detection again, in seq order from a fresh
     * engine state with the tenant's current rules, and finishes it, as a fresh ingest would; the session is
     * stored through the same counting save, with the hotspot changes of {@link SessionHotspots#recount}, so
     * re-scoring it twice (or a message delivered twice) counts once. Versioned as every save: a chunk indexed
     * meanwhile reopens the session, and the session is then skipped.
     *
     * @param notBefore the tenant's retention edge (epoch ms): an older session is left to the sweep
     */
    public Rescored rescore(Tenant tenant, String sessionId, long notBefore) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            Optional<SessionRecord> loaded = index.load(tenant.tenantId(), sessionId);
            if (loaded.isEmpty()
                    || !loaded.get().isListed()
                    || loaded.get().isOpen()
                    || loaded.get().state.startedAt() < notBefore) {
                return Rescored.SKIPPED;
            }
            SessionRecord record = loaded.get();
            SessionState before = record.state;
            SessionState state = SessionState.empty();
            for (int seq : record.seqs) {
                Optional<byte[]> stored = chunks.get(tenant.tenantId(), sessionId, seq);
                if (stored.isEmpty()) {
                    continue; // never stored, or erased meanwhile: as the ingest of a gap
                }
                JsonNode envelope = ChunkParser.readStored(stored.get());
                // an aggregator per chunk on the state as stored, as ingest does between its chunks
                SessionAggregator aggregator =
                        new SessionAggregator(tenant.frustrationRules(), SessionState.fromStored(state.toStored()));
                aggregator.acceptChunk(envelope.get("events"), ChunkMeta.from(envelope.get("meta"), record.userAgent));
                state = aggregator.state();
            }
            SessionAggregator finishing =
                    new SessionAggregator(tenant.frustrationRules(), SessionState.fromStored(state.toStored()));
            finishing.finish();
            record.state = finishing.state();
            // an aggregate past what the views reach is gone by TTL (or soon): not written again
            LocalDate kept =
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(Insights.KEPT_DAYS);
            List<HotspotChange> changes = SessionHotspots.recount(record, before).stream()
                    .filter(change -> change.key().day().isAfter(kept))
                    .toList();
            List<ErrorChange> errors = SessionErrors.changes(record);
            if (changes.isEmpty() && errors.isEmpty() && record.state.toJson().equals(before.toJson())) {
                return Rescored.UNCHANGED;
            }
            boolean saved = changes.isEmpty() && errors.isEmpty()
                    ? index.save(record, expiresAt(tenant, record))
                    : hotspots.saveCounting(record, expiresAt(tenant, record), changes, errors);
            if (saved) {
                return Rescored.CHANGED;
            }
        }
        throw new Refused(Reason.SESSION_BUSY, "the session is busy, retry later");
    }

    /**
     * Aggregates every chunk still waiting behind a gap. No chunk will close it now, and each gap of an
     * idle session is older than {@link IngestLimits#GAP_TIMEOUT_MS}, so each is skipped in turn.
     */
    private void aggregateWaiting(Tenant tenant, SessionRecord record) {
        while (record.seqs.higher(record.processedThrough) != null) {
            int before = record.processedThrough;
            aggregateInOrder(tenant, record, null);
            if (record.processedThrough == before) {
                return; // a gap younger than the timeout: the chunks wait, as they would for a live chunk
            }
        }
    }

    /**
     * Stores the record; when its frustrations changed what it adds to the tenant's hotspots, or its errors
     * what it adds to the error groups, those aggregates are updated in the same write (docs/INSIGHTS.md), so
     * it counts once however often a chunk or a finish comes.
     */
    private boolean save(Tenant tenant, SessionRecord record) {
        List<HotspotChange> changes = SessionHotspots.changes(record);
        List<ErrorChange> errors = SessionErrors.changes(record);
        if (changes.isEmpty() && errors.isEmpty()) {
            return index.save(record, expiresAt(tenant, record));
        }
        return hotspots.saveCounting(record, expiresAt(tenant, record), changes, errors);
    }

    /** Writers of one session that collide spread out: random waits growing to about 100 ms. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 20) + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(Reason.SESSION_BUSY, "interrupted");
        }
    }

    /**
     * Aggregates every chunk that is next in line. A seq that stays missing for
     * {@link IngestLimits#GAP_TIMEOUT_MS} while later chunks wait is skipped (a page that died before
     * sending it leaves such a gap; it was never acknowledged). Should it arrive after all, it is
     * aggregated late: its counts are exact, its frustrations are detected within the chunk alone.
     * {@code arrived} is null when no chunk arrived (a finish).
     */
    private void aggregateInOrder(Tenant tenant, SessionRecord record, Chunk arrived) {
        long now = clock.millis();
        SessionAggregator aggregator = new SessionAggregator(tenant.frustrationRules(), record.state);
        boolean aggregated = false;
        if (arrived != null && arrived.seq() <= record.processedThrough) {
            aggregator.acceptChunk(arrived.events(), ChunkMeta.from(arrived.meta(), record.userAgent));
            aggregated = true;
        }
        int next = record.processedThrough + 1;
        if (!record.seqs.contains(next)
                && record.seqs.higher(record.processedThrough) != null
                && chunks.get(tenant.tenantId(), record.sessionId, next).isPresent()) {
            // stored in S3, but its index update failed and its sender never retried: index it now
            record.seqs.add(next);
        }
        boolean waiting = record.seqs.higher(record.processedThrough) != null
                && !record.seqs.contains(record.processedThrough + 1);
        if (waiting && record.gapSince > 0 && now - record.gapSince > IngestLimits.GAP_TIMEOUT_MS) {
            record.processedThrough = record.seqs.higher(record.processedThrough) - 1;
        }
        while (record.seqs.contains(record.processedThrough + 1)) {
            int seq = record.processedThrough + 1;
            JsonNode events;
            JsonNode meta;
            if (arrived != null && seq == arrived.seq()) {
                events = arrived.events();
                meta = arrived.meta();
            } else {
                Optional<byte[]> stored = chunks.get(tenant.tenantId(), record.sessionId, seq);
                if (stored.isEmpty()) {
                    break; // deleted meanwhile; nothing to aggregate
                }
                JsonNode envelope = ChunkParser.readStored(stored.get());
                events = envelope.get("events");
                meta = envelope.get("meta");
            }
            aggregator.acceptChunk(events, ChunkMeta.from(meta, record.userAgent));
            aggregated = true;
            record.processedThrough = seq;
        }
        boolean stillWaiting = record.seqs.higher(record.processedThrough) != null;
        record.gapSince = !stillWaiting ? 0 : record.gapSince > 0 ? record.gapSince : now;
        if (aggregated) {
            record.state = aggregator.state();
        }
    }

    /**
     * DynamoDB TTL is only the backstop of the retention sweep, so it is stamped with the longest
     * retention there is: a tenant may grow its retention after a session was recorded.
     */
    private long expiresAt(Tenant tenant, SessionRecord record) {
        if (!record.isListed()) {
            return (clock.millis() + tenant.retentionMillis()) / 1000 + 86_400;
        }
        return record.state.startedAt() / 1000 + ChunkBucket.LIFECYCLE_EXPIRE_DAYS * 86_400L;
    }
}
