package dev.rewind.testing;

import dev.rewind.insights.ErrorChange;
import dev.rewind.insights.ErrorDay;
import dev.rewind.insights.ErrorGroup;
import dev.rewind.insights.Hotspot;
import dev.rewind.insights.HotspotChange;
import dev.rewind.insights.HotspotStore;
import dev.rewind.insights.RescoreRun;
import dev.rewind.sessions.SessionRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** By tenant, then by day and group id. */
    private final Map<String, TreeMap<String, ErrorDay>> errorDays = new HashMap<>();
    /** By tenant, then by group id. */
    private final Map<String, Map<String, ErrorGroup>> errorGroups = new HashMap<>();

    /** By tenant: its latest re-score run, as stored. */
    private final Map<String, RescoreRun> rescores = new HashMap<>();

    public InMemoryHotspots(InMemorySessionIndex index) {
        this.index = index;
    }

    @Override
    public boolean saveCounting(
            SessionRecord record, long expiresAtEpochSeconds, List<HotspotChange> changes, List<ErrorChange> errors) {
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
            TreeMap<String, ErrorDay> days = errorDays.computeIfAbsent(record.tenantId, t -> new TreeMap<>());
            Map<String, ErrorGroup> groups = errorGroups.computeIfAbsent(record.tenantId, t -> new HashMap<>());
            for (ErrorChange change : errors) {
                days.merge(
                        change.day() + "#" + change.groupId(),
                        ErrorDay.empty(change.groupId(), change.day()).plus(change),
                        (stored, added) -> stored.plus(change));
                groups.merge(
                        change.groupId(),
                        ErrorGroup.empty(change.groupId()).plus(change),
                        (stored, added) -> stored.plus(change));
            }
            return true;
        }
    }

    @Override
    public int eraseTenant(String tenantId) {
        synchronized (index) {
            rescores.remove(tenantId);
            TreeMap<String, Hotspot> tenant = hotspots.remove(tenantId);
            TreeMap<String, ErrorDay> days = errorDays.remove(tenantId);
            Map<String, ErrorGroup> groups = errorGroups.remove(tenantId);
            return (tenant == null ? 0 : tenant.size())
                    + (days == null ? 0 : days.size())
                    + (groups == null ? 0 : groups.size());
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
    public List<ErrorDay> errorDays(String tenantId, LocalDate from, LocalDate to) {
        synchronized (index) {
            return new ArrayList<>(errorDays
                    .getOrDefault(tenantId, new TreeMap<>())
                    .subMap(from.toString(), true, to + "#~", true)
                    .values());
        }
    }

    @Override
    public Map<String, ErrorGroup> errorGroups(String tenantId, List<String> groupIds) {
        synchronized (index) {
            Map<String, ErrorGroup> found = new HashMap<>();
            Map<String, ErrorGroup> groups = errorGroups.getOrDefault(tenantId, Map.of());
            groupIds.forEach(id -> {
                if (groups.containsKey(id)) {
                    found.put(id, groups.get(id));
                }
            });
            return found;
        }
    }

    @Override
    public ErrorGroupDays errorGroup(String tenantId, String groupId, List<LocalDate> days) {
        synchronized (index) {
            ErrorGroup group = errorGroups.getOrDefault(tenantId, Map.of()).get(groupId);
            if (group == null) {
                return null;
            }
            TreeMap<String, ErrorDay> stored = errorDays.getOrDefault(tenantId, new TreeMap<>());
            List<ErrorDay> found = new ArrayList<>();
            for (LocalDate day : days.stream().sorted().toList()) {
                ErrorDay d = stored.get(day + "#" + groupId);
                if (d != null) {
                    found.add(d);
                }
            }
            return new ErrorGroupDays(group, found);
        }
    }

    @Override
    public Optional<RescoreRun> rescoreRun(String tenantId) {
        synchronized (index) {
            return Optional.ofNullable(rescores.get(tenantId));
        }
    }

    /** Versioned as the DynamoDB put: wins only over the version it read. */
    @Override
    public boolean saveRescoreRun(String tenantId, RescoreRun run) {
        synchronized (index) {
            RescoreRun stored = rescores.get(tenantId);
            if (!java.util.Objects.equals(stored == null ? null : stored.version(), run.version())) {
                return false;
            }
            long next = run.version() == null ? 1 : run.version() + 1;
            rescores.put(tenantId, RescoreRun.fromJson(run.toJson(), next));
            return true;
        }
    }

    /** Versioned as the DynamoDB put: wins only over the version it read (versions count the status changes here). */
    @Override
    public boolean saveStatus(String tenantId, ErrorGroup group) {
        synchronized (index) {
            Map<String, ErrorGroup> groups = errorGroups.computeIfAbsent(tenantId, t -> new HashMap<>());
            ErrorGroup stored = groups.get(group.groupId());
            if (stored == null || !java.util.Objects.equals(stored.version(), group.version())) {
                return false;
            }
            long next = group.version() == null ? 1 : group.version() + 1;
            groups.put(
                    group.groupId(),
                    new ErrorGroup(
                            group.groupId(),
                            group.message(),
                            group.stack(),
                            group.firstSeen(),
                            group.lastSeen(),
                            group.status(),
                            group.resolvedAt(),
                            group.sessions(),
                            next));
            return true;
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
