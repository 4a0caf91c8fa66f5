package dev.rewind.testing;

import dev.rewind.insights.Hotspot;
import dev.rewind.insights.HotspotChange;
import dev.rewind.insights.HotspotStore;
import dev.rewind.sessions.SessionRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hotspot aggregates in memory, beside an {@link InMemorySessionIndex}: a counting save stores the
 * session as the index does (winning only over the version it loaded) and adds the changes only when that
 * save won, all or nothing, as the DynamoDB transaction does.
 */
public final class InMemoryHotspots implements HotspotStore {
    private final InMemorySessionIndex index;
    /** By tenant, then by day and key id. */
    private final Map<String, TreeMap<String, Hotspot>> hotspots = new HashMap<>();

    public InMemoryHotspots(InMemorySessionIndex index) {
        this.index = index;
    }

    @Override
    public boolean saveCounting(SessionRecord record, long expiresAtEpochSeconds, List<HotspotChange> changes) {
        synchronized (index) {
            if (!index.save(record, expiresAtEpochSeconds)) {
                return false;
            }
            TreeMap<String, Hotspot> tenant = hotspots.computeIfAbsent(record.tenantId, t -> new TreeMap<>());
            for (HotspotChange change : changes) {
                tenant.merge(
                        change.key().id(),
                        Hotspot.empty(change.key()).plus(change),
                        (stored, added) -> stored.plus(change));
            }
            return true;
        }
    }

    @Override
    public int eraseTenant(String tenantId) {
        synchronized (index) {
            TreeMap<String, Hotspot> tenant = hotspots.remove(tenantId);
            return tenant == null ? 0 : tenant.size();
        }
    }

    @Override
    public List<Hotspot> between(String tenantId, LocalDate from, LocalDate to) {
        synchronized (index) {
            TreeMap<String, Hotspot> tenant = hotspots.getOrDefault(tenantId, new TreeMap<>());
            return new ArrayList<>(
                    tenant.subMap(from.toString(), true, to + "#~", true).values());
        }
    }

    @Override
    public Map<String, SessionRecord> sessions(String tenantId, List<String> sessionIds) {
        Map<String, SessionRecord> found = new HashMap<>();
        for (String id : sessionIds) {
            index.stored(tenantId, id).filter(r -> !r.isDeleted()).ifPresent(r -> found.put(id, r));
        }
        return found;
    }
}
