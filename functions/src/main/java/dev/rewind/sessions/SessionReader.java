package dev.rewind.sessions;

import dev.rewind.common.Refused;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the console reads of a tenant's sessions: the list and one session with its chunks. Both apply
 * the tenant's current retention (docs/RETENTION.md): a session older than it is not there, whether or
 * not the sweep has erased it yet.
 */
public final class SessionReader {
    private final SessionIndex index;
    private final ChunkStore chunks;
    private final Clock clock;

    /** One session as the replay reads it: its tenant, its record and a short-lived URL for each chunk ready to play. */
    public record Detail(Tenant tenant, SessionRecord record, List<ChunkUrl> chunks) {}

    public record ChunkUrl(int seq, String url) {}

    public SessionReader(SessionIndex index, ChunkStore chunks, Clock clock) {
        this.index = index;
        this.chunks = chunks;
        this.clock = clock;
    }

    public SessionPage list(Tenant tenant, SessionQuery query) {
        return index.list(tenant.tenantId(), query, retentionEdge(tenant));
    }

    /** The session with a URL for each chunk aggregated so far; NOT_FOUND unless {@link #visible}. */
    public Detail detail(Tenant tenant, String sessionId) {
        SessionRecord record = visible(tenant, sessionId).orElseThrow(() -> Refused.notFound("session"));
        Duration validFor = Duration.ofSeconds(ChunkBucket.CHUNK_URL_SECONDS);
        List<ChunkUrl> urls = new ArrayList<>();
        for (int seq : record.seqs.headSet(record.processedThrough, true)) {
            urls.add(new ChunkUrl(seq, chunks.url(tenant.tenantId(), sessionId, seq, validFor)));
        }
        return new Detail(tenant, record, urls);
    }

    /** The session if it exists, has started and is inside the tenant's current retention. */
    public Optional<SessionRecord> visible(Tenant tenant, String sessionId) {
        return index.load(tenant.tenantId(), sessionId)
                .filter(SessionRecord::isListed)
                .filter(r -> r.state.startedAt() >= retentionEdge(tenant));
    }

    private long retentionEdge(Tenant tenant) {
        return tenant.visibleFrom(clock.millis());
    }
}
