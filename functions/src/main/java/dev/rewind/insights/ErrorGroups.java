package dev.rewind.insights;

import dev.rewind.sessions.SessionRecord;
import dev.rewind.tenants.Tenant;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The error groups' views (docs/INSIGHTS.md, "Error groups"): the tenant's groups of the last 7 or 30 days,
 * most sessions affected first (one Query of the day items, one BatchGet of the groups), one group with its
 * sample and the latest sessions that hit it (one BatchGet of the group and its days, one of the sessions),
 * and an admin's status change.
 */
public final class ErrorGroups {
    /** Groups a list shows (a BatchGet reads at most 100). */
    public static final int TOP = 50;
    /** How often a status change is tried again when an ingest wrote the group between its read and its write. */
    static final int STATUS_ATTEMPTS = 5;

    public static final Pattern GROUP_ID = Pattern.compile("[0-9a-f]{16}");

    private final HotspotStore store;
    private final Clock clock;

    public ErrorGroups(HotspotStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * One group over a period: its counts, the sessions and users affected, the sessions by browser, the
     * occurrences per day ({@code series}, oldest first, one per day of the period), and the group's own
     * sample, first and last seen, and status as the console shows it.
     */
    public record Row(
            String groupId,
            String message,
            String status,
            int occurrences,
            int sessions,
            int users,
            long firstSeen,
            long lastSeen,
            Long resolvedAt,
            Map<String, Integer> browsers,
            List<Integer> series) {}

    public record View(int days, LocalDate from, LocalDate to, List<Row> groups) {}

    /** A session that hit the group: where its first occurrence was (the replay opens there). */
    public record Hit(
            String sessionId, long at, long offsetMs, long startedAt, long durationMs, String userId, String browser) {}

    public record Detail(Row row, String stack, List<Hit> sessions) {}

    /** @param days one of {@link Insights#PERIODS} */
    public View list(Tenant tenant, int days) {
        LocalDate to = today();
        LocalDate from = to.minusDays(days - 1L);
        Map<String, Totals> totals = new LinkedHashMap<>();
        for (ErrorDay d : store.errorDays(tenant.tenantId(), from, to)) {
            totals.computeIfAbsent(d.groupId(), id -> new Totals(from, days)).add(d);
        }
        List<Map.Entry<String, Totals>> top = totals.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Totals> e) -> e.getValue().sessions)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingInt((Map.Entry<String, Totals> e) -> e.getValue().occurrences)
                                        .reversed())
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .toList();
        Map<String, ErrorGroup> groups = top.isEmpty()
                ? Map.of()
                : store.errorGroups(
                        tenant.tenantId(), top.stream().map(Map.Entry::getKey).toList());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Totals> e : top) {
            ErrorGroup group = groups.get(e.getKey());
            if (group != null) {
                rows.add(e.getValue().row(group));
            }
        }
        return new View(days, from, to, List.copyOf(rows));
    }

    /** The group over {@code days} with its sample stack and its latest sessions still in retention; empty when unknown. */
    public Optional<Detail> detail(Tenant tenant, String groupId, int days) {
        if (!GROUP_ID.matcher(groupId).matches()) {
            return Optional.empty();
        }
        LocalDate to = today();
        LocalDate from = to.minusDays(days - 1L);
        List<LocalDate> period = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            period.add(d);
        }
        HotspotStore.ErrorGroupDays found = store.errorGroup(tenant.tenantId(), groupId, period);
        if (found == null) {
            return Optional.empty();
        }
        Totals totals = new Totals(from, days);
        found.days().forEach(totals::add);
        ErrorGroup group = found.group();
        List<String> ids = group.sessions().stream().map(Moment::sessionId).toList();
        Map<String, SessionRecord> sessions = ids.isEmpty() ? Map.of() : store.sessions(tenant.tenantId(), ids);
        long retentionEdge = tenant.visibleFrom(clock.millis());
        List<Hit> hits = new ArrayList<>();
        for (Moment m : group.sessions()) {
            SessionRecord s = sessions.get(m.sessionId());
            if (s != null && s.isListed() && s.state.startedAt() >= retentionEdge) {
                hits.add(new Hit(
                        m.sessionId(),
                        m.at(),
                        m.offsetMs(),
                        s.state.startedAt(),
                        s.state.durationMs(),
                        s.state.userId(),
                        s.state.browser()));
            }
        }
        return Optional.of(new Detail(totals.row(group), group.stack(), List.copyOf(hits)));
    }

    /** A group as it was and as it is now. */
    public record StatusChange(ErrorGroup before, ErrorGroup after) {}

    /** The group with its new status; empty when there is no such group. */
    public Optional<StatusChange> setStatus(Tenant tenant, String groupId, ErrorGroup.Status status) {
        if (!GROUP_ID.matcher(groupId).matches()) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
            // the group alone, read consistently
            HotspotStore.ErrorGroupDays found = store.errorGroup(tenant.tenantId(), groupId, List.of());
            if (found == null) {
                return Optional.empty();
            }
            ErrorGroup next = found.group().withStatus(status, clock.millis());
            if (store.saveStatus(tenant.tenantId(), next)) {
                return Optional.of(new StatusChange(found.group(), next));
            }
        }
        throw new IllegalStateException("the error group kept changing while its status was saved");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One group summed over the days of a period. */
    private static final class Totals {
        final LocalDate from;
        final int[] series;
        int occurrences;
        int sessions;
        final byte[] users = new byte[UserBuckets.BYTES];
        final Map<String, Integer> browsers = new TreeMap<>();

        Totals(LocalDate from, int days) {
            this.from = from;
            this.series = new int[days];
        }

        void add(ErrorDay d) {
            occurrences += d.occurrences();
            sessions += d.sessions();
            UserBuckets.orInto(users, d.users());
            d.browsers().forEach((b, n) -> browsers.merge(b, n, Integer::sum));
            int i = (int) (d.day().toEpochDay() - from.toEpochDay());
            if (i >= 0 && i < series.length) {
                series[i] += d.occurrences();
            }
        }

        Row row(ErrorGroup group) {
            List<Integer> perDay = new ArrayList<>(series.length);
            for (int n : series) {
                perDay.add(n);
            }
            return new Row(
                    group.groupId(),
                    group.message(),
                    group.view(),
                    occurrences,
                    sessions,
                    UserBuckets.estimate(users),
                    group.firstSeen(),
                    group.lastSeen(),
                    group.resolvedAt(),
                    Map.copyOf(browsers),
                    List.copyOf(perDay));
        }
    }
}
