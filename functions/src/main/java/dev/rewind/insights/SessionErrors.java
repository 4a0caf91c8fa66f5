package dev.rewind.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session adds to its tenant's error groups (docs/INSIGHTS.md, "Error groups"), as
 * {@link SessionHotspots} does for the hotspots: its error groups ({@link SessionState#errorGroups()}) compared
 * with what it already added ({@link SessionRecord#errorsCounted}); only the difference is an
 * {@link ErrorChange}. Counts only grow, so a chunk or a finish that comes again adds nothing twice.
 */
public final class SessionErrors {
    private SessionErrors() {}

    private static final int OCCURRENCES = 0;
    private static final int USER = 1;
    private static final int LAST_AT = 2;

    /**
     * The changes since the record was last counted; updates {@code record.errorsCounted} to the new total.
     * Empty when nothing changed (most chunks).
     */
    public static List<ErrorChange> changes(SessionRecord record) {
        if (!record.isListed()) {
            return List.of();
        }
        SessionState state = record.state;
        Map<String, long[]> counted = read(record.errorsCounted);
        boolean identified = state.userId() != null;
        List<ErrorChange> changes = new ArrayList<>();
        for (SessionState.SessionError e : state.errorGroups()) {
            long[] was = counted.get(e.groupId());
            boolean newSession = was == null;
            long[] before = newSession ? new long[3] : was;
            int occurrences = (int) Math.max(0, e.count() - before[OCCURRENCES]);
            boolean newUser = identified && before[USER] == 0;
            boolean later = e.lastAt() > before[LAST_AT];
            if (!newSession && occurrences == 0 && !newUser && !later) {
                continue;
            }
            changes.add(new ErrorChange(
                    e.groupId(),
                    LocalDate.ofInstant(Instant.ofEpochMilli(e.firstAt()), ZoneOffset.UTC),
                    occurrences,
                    newSession ? 1 : 0,
                    newUser ? UserBuckets.bucket(state.userId()) : -1,
                    newSession ? state.browser() : null,
                    newSession ? new Moment(record.sessionId, e.firstAt(), e.firstAt() - state.startedAt()) : null,
                    e.firstAt(),
                    e.lastAt(),
                    e.message(),
                    e.stack()));
            counted.put(e.groupId(), new long[] {
                before[OCCURRENCES] + occurrences,
                identified || before[USER] == 1 ? 1 : 0,
                Math.max(before[LAST_AT], e.lastAt())
            });
        }
        if (!changes.isEmpty()) {
            record.errorsCounted = write(counted);
        }
        // every kept group is counted now: its sample is in the changes (or was stored before), and the
        // session's item need not carry it (it stays under DynamoDB's 1 KB write unit, docs/COST.md)
        state.forgetErrorSamples();
        return changes;
    }

    /** {@code {"<groupId>":[occurrences, identified 0|1, lastAt], …}} */
    private static Map<String, long[]> read(String stored) {
        Map<String, long[]> counted = new LinkedHashMap<>();
        if (stored == null || stored.isBlank()) {
            return counted;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(stored);
            node.fields().forEachRemaining(e -> {
                long[] counts = new long[3];
                for (int i = 0; i < 3; i++) {
                    counts[i] = e.getValue().path(i).asLong();
                }
                counted.put(e.getKey(), counts);
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an error count: " + e.getOriginalMessage(), e);
        }
        return counted;
    }

    private static String write(Map<String, long[]> counted) {
        ObjectNode node = Json.object();
        counted.forEach((id, counts) -> {
            var array = node.putArray(id);
            for (long c : counts) {
                array.add(c);
            }
        });
        return node.toString();
    }
}
