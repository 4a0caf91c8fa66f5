package dev.rewind.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.Frustration;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a session adds to the hotspot aggregates (docs/INSIGHTS.md). Its contribution is computed from its
 * state (the kept frustrations, each on the page it happened on) and compared with what it already added
 * ({@link SessionRecord#hotspotsCounted}): only the difference is a {@link HotspotChange}. Counts only
 * grow, so the same chunk or finish again, or a save retried after a lost race, adds nothing twice.
 */
public final class SessionHotspots {
    private SessionHotspots() {}

    /** The hotspots one session adds to: its first ones (pages and elements) in time order. */
    public static final int MAX_KEYS_PER_SESSION = 20;

    private static final int RAGE = 0;
    private static final int DEAD = 1;
    private static final int ERROR_CLICK = 2;
    private static final int ERROR = 3;
    private static final int USER = 4;
    // the page signals, after USER: counts stored before them read as 0 there
    private static final int QUICK_BACK = 5;
    private static final int EXCESSIVE_SCROLL = 6;
    private static final int FORM_ABANDONMENT = 7;
    private static final int SLOTS = 8;
    private static final int[] KINDS = {RAGE, DEAD, ERROR_CLICK, ERROR, QUICK_BACK, EXCESSIVE_SCROLL, FORM_ABANDONMENT};

    /**
     * The changes the record's state adds since it was last counted; updates {@code record.hotspotsCounted}
     * to the new total. Empty when nothing changed (most chunks).
     */
    public static List<HotspotChange> changes(SessionRecord record) {
        if (!record.isListed()) {
            return List.of();
        }
        SessionState state = record.state;
        Map<String, int[]> counted = read(record.hotspotsCounted);
        Map<HotspotKey, int[]> contribution = new LinkedHashMap<>();
        Map<HotspotKey, Frustration> first = new LinkedHashMap<>();
        contribute(state, counted, contribution, first);
        boolean identified = state.userId() != null;
        List<HotspotChange> changes = new ArrayList<>();
        for (Map.Entry<HotspotKey, int[]> entry : contribution.entrySet()) {
            HotspotKey key = entry.getKey();
            int[] now = entry.getValue();
            int[] before = counted.get(key.id());
            boolean newSession = before == null;
            int[] was = newSession ? new int[SLOTS] : before;
            int[] delta = new int[SLOTS];
            boolean changed = newSession;
            for (int i : KINDS) {
                delta[i] = Math.max(0, now[i] - was[i]);
                changed |= delta[i] > 0;
            }
            boolean newUser = identified && was[USER] == 0;
            changed |= newUser;
            if (!changed) {
                continue;
            }
            Frustration f = first.get(key);
            changes.add(change(
                    key,
                    delta,
                    newSession ? 1 : 0,
                    newUser ? UserBuckets.bucket(state.userId()) : -1,
                    newSession
                            ? new Moment(record.sessionId, f.timestamp(), f.timestamp() - state.startedAt())
                            : null));
            int[] total = new int[SLOTS];
            for (int i : KINDS) {
                total[i] = was[i] + delta[i];
            }
            total[USER] = identified || was[USER] == 1 ? 1 : 0;
            counted.put(key.id(), total);
        }
        if (!changes.isEmpty()) {
            record.hotspotsCounted = write(counted);
        }
        return changes;
    }

    /**
     * The changes that replace what the record counted with what its state adds now, counted as if from
     * nothing: a re-score of the session (docs/FRUSTRATION.md, "Re-score history"), whose new state may have
     * fewer frustrations than it counted. Unlike {@link #changes} the deltas may be negative, and a hotspot the
     * session no longer adds to loses the session (-1) and its replay; a user's bit stays, as a bitmap cannot
     * tell whose it is. Updates {@code record.hotspotsCounted}; empty when the state adds exactly what was counted,
     * so re-scoring a session twice changes nothing the second time. {@code before} is the state the counts were
     * taken from: it names the hotspots (their page and element) the session leaves.
     */
    public static List<HotspotChange> recount(SessionRecord record, SessionState before) {
        if (!record.isListed()) {
            return List.of();
        }
        SessionState state = record.state;
        Map<String, int[]> counted = read(record.hotspotsCounted);
        Map<HotspotKey, int[]> contribution = new LinkedHashMap<>();
        Map<HotspotKey, Frustration> first = new LinkedHashMap<>();
        contribute(state, Map.of(), contribution, first);
        Map<String, HotspotKey> named = new LinkedHashMap<>();
        contribute(before, Map.of(), new LinkedHashMap<>(), new LinkedHashMap<>())
                .forEach(key -> named.put(key.id(), key));
        boolean identified = state.userId() != null;
        List<HotspotChange> changes = new ArrayList<>();
        Map<String, int[]> now = new LinkedHashMap<>();
        for (Map.Entry<HotspotKey, int[]> entry : contribution.entrySet()) {
            HotspotKey key = entry.getKey();
            int[] total = entry.getValue();
            int[] was = counted.get(key.id());
            total[USER] = identified || (was != null && was[USER] == 1) ? 1 : 0;
            now.put(key.id(), total);
            boolean newSession = was == null;
            int[] delta = new int[SLOTS];
            boolean changed = newSession;
            for (int i : KINDS) {
                delta[i] = total[i] - (newSession ? 0 : was[i]);
                changed |= delta[i] != 0;
            }
            boolean newUser = identified && (was == null || was[USER] == 0);
            changed |= newUser;
            if (!changed) {
                continue;
            }
            Frustration f = first.get(key);
            changes.add(change(
                    key,
                    delta,
                    newSession ? 1 : 0,
                    newUser ? UserBuckets.bucket(state.userId()) : -1,
                    new Moment(record.sessionId, f.timestamp(), f.timestamp() - state.startedAt())));
        }
        for (Map.Entry<String, int[]> entry : counted.entrySet()) {
            HotspotKey key = named.get(entry.getKey());
            if (now.containsKey(entry.getKey())) {
                continue; // still added to
            }
            if (key == null) {
                now.put(
                        entry.getKey(),
                        entry.getValue()); // not named by the state it was counted from: kept as counted
                continue;
            }
            int[] delta = new int[SLOTS];
            for (int i : KINDS) {
                delta[i] = -entry.getValue()[i];
            }
            // the session leaves this hotspot: its counts, the session and its replay go
            changes.add(change(key, delta, -1, -1, new Moment(record.sessionId, 0, 0)));
        }
        if (!changes.isEmpty()) {
            record.hotspotsCounted = now.isEmpty() ? null : write(now);
        }
        return changes;
    }

    /**
     * The hotspots {@code state}'s frustrations add to, into {@code contribution} (with each one's first
     * frustration in {@code first}); a key in {@code counted} always counts, a new one within the cap.
     */
    private static Set<HotspotKey> contribute(
            SessionState state,
            Map<String, int[]> counted,
            Map<HotspotKey, int[]> contribution,
            Map<HotspotKey, Frustration> first) {
        for (Frustration f : state.frustrations()) {
            String page = PageUrls.normalise(state.pageAt(f.timestamp()));
            if (page == null) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(f.timestamp()), ZoneOffset.UTC);
            add(contribution, first, counted, new HotspotKey(day, page, null), f);
            String selector = f.target().selector();
            if (f.type() != FrustrationType.ERROR && selector != null && !selector.isBlank()) {
                add(contribution, first, counted, new HotspotKey(day, page, selector), f);
            }
        }
        return contribution.keySet();
    }

    private static HotspotChange change(HotspotKey key, int[] delta, int sessions, int userBucket, Moment moment) {
        return new HotspotChange(
                key,
                delta[RAGE],
                delta[DEAD],
                delta[ERROR_CLICK],
                delta[ERROR],
                delta[QUICK_BACK],
                delta[EXCESSIVE_SCROLL],
                delta[FORM_ABANDONMENT],
                sessions,
                userBucket,
                moment);
    }

    /** Keys the session counted already always count; a new one only while the session has fewer than the cap. */
    private static void add(
            Map<HotspotKey, int[]> contribution,
            Map<HotspotKey, Frustration> first,
            Map<String, int[]> counted,
            HotspotKey key,
            Frustration f) {
        if (!contribution.containsKey(key)) {
            long newKeys = contribution.keySet().stream()
                    .filter(k -> !counted.containsKey(k.id()))
                    .count();
            if (!counted.containsKey(key.id()) && counted.size() + newKeys >= MAX_KEYS_PER_SESSION) {
                return;
            }
            contribution.put(key, new int[SLOTS]);
            first.put(key, f);
        }
        contribution.get(key)[index(f.type())]++;
    }

    private static int index(FrustrationType type) {
        return switch (type) {
            case RAGE_CLICK -> RAGE;
            case DEAD_CLICK -> DEAD;
            case ERROR_CLICK -> ERROR_CLICK;
            case ERROR -> ERROR;
            case QUICK_BACK -> QUICK_BACK;
            case EXCESSIVE_SCROLL -> EXCESSIVE_SCROLL;
            case FORM_ABANDONMENT -> FORM_ABANDONMENT;
        };
    }

    /**
     * {@code {"<key id>":[rage, dead, errorClicks, errors, identified 0|1, quickBacks, excessiveScrolls,
     * formAbandonments], …}}; written before the page signals, the last three are missing (0).
     */
    private static Map<String, int[]> read(String stored) {
        Map<String, int[]> counted = new LinkedHashMap<>();
        if (stored == null || stored.isBlank()) {
            return counted;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(stored);
            node.fields().forEachRemaining(e -> {
                int[] counts = new int[SLOTS];
                for (int i = 0; i < SLOTS; i++) {
                    counts[i] = e.getValue().path(i).asInt();
                }
                counted.put(e.getKey(), counts);
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a hotspot count: " + e.getOriginalMessage(), e);
        }
        return counted;
    }

    private static String write(Map<String, int[]> counted) {
        ObjectNode node = Json.object();
        counted.forEach((id, counts) -> {
            ArrayNode array = node.putArray(id);
            // the page signals' slots only when one is counted: the session item stays as small as before
            int slots = SLOTS;
            while (slots > USER + 1 && counts[slots - 1] == 0) {
                slots--;
            }
            for (int i = 0; i < slots; i++) {
                array.add(counts[i]);
            }
        });
        return node.toString();
    }
}
