package dev.rewind.insights;

import dev.rewind.sessions.SessionRecord;
import dev.rewind.tenants.Tenant;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The insights views (docs/INSIGHTS.md): where a tenant's users struggle most over the last 7 or 30 days,
 * from the hotspot aggregates, with the change against the period before and the latest replays of each.
 * One Query (both periods are one key range) and one BatchGet (the replays) per view.
 */
public final class Insights {
    /** The periods a view covers, in days. */
    public static final List<Integer> PERIODS = List.of(7, 30);
    /** How long an aggregate is kept: the longest period and the one before it, and a day. */
    public static final int KEPT_DAYS = 61;
    /** Rows per list of a view. */
    public static final int TOP = 10;

    private final HotspotStore store;
    private final Clock clock;

    public Insights(HotspotStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A replay of a hotspot: the session and where in it the frustration happened. */
    public record Replay(String sessionId, long at, long offsetMs, long startedAt, long durationMs, String userId) {}

    /**
     * One page or element over the period: its counts, the sessions and users affected, the sessions it
     * affected in the period before, and its latest replays (still in retention, not deleted).
     */
    public record Row(
            String page,
            String selector,
            int rageClicks,
            int deadClicks,
            int errorClicks,
            int errors,
            int quickBacks,
            int excessiveScrolls,
            int formAbandonments,
            int sessions,
            int users,
            int previousSessions,
            List<Replay> replays) {}

    public record View(int days, LocalDate from, LocalDate to, List<Row> elements, List<Row> pages) {}

    /** @param days one of {@link #PERIODS} */
    public View hotspots(Tenant tenant, int days) {
        if (!PERIODS.contains(days)) {
            throw new IllegalArgumentException("a period of 7 or 30 days");
        }
        LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = to.minusDays(days - 1L);
        LocalDate previousFrom = from.minusDays(days);
        Map<String, Totals> current = new LinkedHashMap<>();
        Map<String, Integer> previous = new LinkedHashMap<>();
        for (Hotspot h : store.between(tenant.tenantId(), previousFrom, to)) {
            String group =
                    h.key().page() + "\n" + Objects.requireNonNullElse(h.key().selector(), "");
            if (h.key().day().isBefore(from)) {
                previous.merge(group, h.sessions(), Integer::sum);
            } else {
                current.computeIfAbsent(
                                group, g -> new Totals(h.key().page(), h.key().selector()))
                        .add(h);
            }
        }
        List<Totals> elements =
                top(current.values().stream().filter(t -> t.selector != null).toList());
        List<Totals> pages =
                top(current.values().stream().filter(t -> t.selector == null).toList());
        Set<String> ids = new LinkedHashSet<>();
        for (Totals t : concat(elements, pages)) {
            t.moments.forEach(m -> ids.add(m.sessionId()));
        }
        Map<String, SessionRecord> sessions =
                ids.isEmpty() ? Map.of() : store.sessions(tenant.tenantId(), List.copyOf(ids));
        long retentionEdge = tenant.visibleFrom(clock.millis());
        return new View(
                days,
                from,
                to,
                rows(elements, previous, sessions, retentionEdge),
                rows(pages, previous, sessions, retentionEdge));
    }

    private static List<Totals> top(List<Totals> all) {
        return all.stream()
                // an aggregate every session left (a re-score, docs/FRUSTRATION.md) is no hotspot
                .filter(t -> t.sessions > 0)
                .sorted(Comparator.comparingInt((Totals t) -> t.sessions)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingInt(Totals::frustrations).reversed())
                        .thenComparing(t -> t.page + "\n" + Objects.requireNonNullElse(t.selector, "")))
                .limit(TOP)
                .toList();
    }

    private static List<Row> rows(
            List<Totals> totals,
            Map<String, Integer> previous,
            Map<String, SessionRecord> sessions,
            long retentionEdge) {
        List<Row> rows = new ArrayList<>();
        for (Totals t : totals) {
            List<Replay> replays = new ArrayList<>();
            for (Moment m : t.latestMoments()) {
                SessionRecord s = sessions.get(m.sessionId());
                if (s != null && s.isListed() && s.state.startedAt() >= retentionEdge) {
                    replays.add(new Replay(
                            m.sessionId(),
                            m.at(),
                            m.offsetMs(),
                            s.state.startedAt(),
                            s.state.durationMs(),
                            s.state.userId()));
                }
            }
            rows.add(new Row(
                    t.page,
                    t.selector,
                    t.rage,
                    t.dead,
                    t.errorClicks,
                    t.errors,
                    t.quickBacks,
                    t.excessiveScrolls,
                    t.formAbandonments,
                    t.sessions,
                    UserBuckets.estimate(t.users),
                    previous.getOrDefault(t.group(), 0),
                    List.copyOf(replays)));
        }
        return List.copyOf(rows);
    }

    private static List<Totals> concat(List<Totals> a, List<Totals> b) {
        List<Totals> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One page or element summed over the days of a period. */
    private static final class Totals {
        final String page;
        final String selector;
        int rage;
        int dead;
        int errorClicks;
        int errors;
        int quickBacks;
        int excessiveScrolls;
        int formAbandonments;
        int sessions;
        final byte[] users = new byte[UserBuckets.BYTES];
        final List<Moment> moments = new ArrayList<>();

        Totals(String page, String selector) {
            this.page = page;
            this.selector = selector;
        }

        void add(Hotspot h) {
            rage += h.rageClicks();
            dead += h.deadClicks();
            errorClicks += h.errorClicks();
            errors += h.errors();
            quickBacks += h.quickBacks();
            excessiveScrolls += h.excessiveScrolls();
            formAbandonments += h.formAbandonments();
            sessions += h.sessions();
            UserBuckets.orInto(users, h.users());
            moments.addAll(h.moments());
        }

        int frustrations() {
            return rage + dead + errorClicks + errors + quickBacks + excessiveScrolls + formAbandonments;
        }

        String group() {
            return page + "\n" + Objects.requireNonNullElse(selector, "");
        }

        List<Moment> latestMoments() {
            List<Moment> latest = List.of();
            for (Moment m : moments) {
                latest = Moment.latest(latest, m, Hotspot.MAX_MOMENTS);
            }
            return latest;
        }
    }
}
