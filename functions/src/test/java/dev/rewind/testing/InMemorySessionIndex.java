package dev.rewind.testing;

import dev.rewind.aws.DynamoSessionIndex;
import dev.rewind.aws.SessionItem;
import dev.rewind.sessions.SessionFilters;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The session index in memory, for tests about logic (CONTRIBUTING.md, "Test tiers"). It keeps what
 * {@link DynamoSessionIndex} promises: a save wins only over the version it loaded, a load returns a copy
 * (a failed save changes nothing), and a session is in the by-start and by-open indexes exactly when
 * {@link DynamoSessionIndex#toItem} gives it those keys. A list is one pass over the tenant's listed
 * sessions, newest first, filtered as the DynamoDB lists filter; its cursor is only this index's.
 */
public final class InMemorySessionIndex implements SessionIndex {
    /** A stored session: the record as saved, and the item whose keys place it in the indexes. */
    private record Stored(SessionRecord record, SessionItem item) {}

    private final Map<String, Stored> sessions = new HashMap<>();
    /** The sessions each user id was linked to, by user key ({@link SessionItem#userKey}). */
    private final Map<String, TreeSet<String>> userSessions = new HashMap<>();

    private final StoreFaults faults;
    private Runnable beforeNextSave;

    public InMemorySessionIndex() {
        this(StoreFaults.none());
    }

    public InMemorySessionIndex(StoreFaults faults) {
        this.faults = faults;
    }

    /** Runs {@code writer} once, just before the next save compares versions: another writer got in between. */
    public synchronized void beforeNextSave(Runnable writer) {
        beforeNextSave = writer;
    }

    /** What the index holds for the session; a look for assertions, never failing and not counted. */
    public synchronized Optional<SessionRecord> stored(String tenantId, String sessionId) {
        return Optional.ofNullable(sessions.get(SessionItem.pk(tenantId, sessionId)))
                .map(s -> copy(s.record()));
    }

    @Override
    public synchronized Optional<SessionRecord> load(String tenantId, String sessionId) {
        return faults.call("session load", () -> stored(tenantId, sessionId));
    }

    @Override
    public boolean save(SessionRecord record, long expiresAtEpochSeconds) {
        Runnable writer;
        synchronized (this) {
            writer = beforeNextSave;
            beforeNextSave = null;
        }
        if (writer != null) {
            writer.run();
        }
        synchronized (this) {
            return faults.call("session save", () -> {
                String pk = SessionItem.pk(record.tenantId, record.sessionId);
                Stored current = sessions.get(pk);
                if (!Objects.equals(current == null ? null : current.record().version, record.version)) {
                    return false;
                }
                SessionRecord saved = copy(record, record.version == null ? 1 : record.version + 1);
                sessions.put(pk, new Stored(saved, DynamoSessionIndex.toItem(saved, expiresAtEpochSeconds)));
                return true;
            });
        }
    }

    @Override
    public synchronized SessionPage list(String tenantId, SessionQuery query, long notBefore) {
        return faults.call("session list", () -> page(tenantId, query, notBefore));
    }

    private SessionPage page(String tenantId, SessionQuery query, long notBefore) {
        String from = String.format("%013d", Math.max(query.from(), notBefore));
        String to = String.format("%013d", query.to()) + "~";
        String after = query.cursor() == null ? null : decodeCursor(query.cursor());
        List<Stored> matches = entries(tenantId, item -> item.getTenantId() != null).stream()
                .filter(s -> s.item().getStartKey().compareTo(from) >= 0
                        && s.item().getStartKey().compareTo(to) <= 0)
                .filter(s -> after == null || s.item().getStartKey().compareTo(after) < 0)
                .filter(s -> SessionFilters.matches(s.record().state, query))
                .sorted(Comparator.comparing((Stored s) -> s.item().getStartKey())
                        .reversed())
                .toList();
        List<SessionRecord> page =
                matches.stream().limit(query.limit()).map(s -> copy(s.record())).toList();
        String next = matches.size() > query.limit()
                ? encodeCursor(matches.get(query.limit() - 1).item().getStartKey())
                : null;
        return new SessionPage(page, next);
    }

    @Override
    public synchronized List<StartEntry> startedBefore(String tenantId, long before, StartEntry after, int max) {
        return faults.call(
                "session startedBefore",
                () -> oldestFirst(tenantId, item -> item.getTenantId() != null, before, after).stream()
                        .limit(max)
                        .map(s -> new StartEntry(s.record().sessionId, s.item().getStartKey()))
                        .toList());
    }

    @Override
    public synchronized OpenPage openStartedBefore(String tenantId, long before, StartEntry after, int max) {
        return faults.call("session openStartedBefore", () -> openPage(tenantId, before, after, max));
    }

    private OpenPage openPage(String tenantId, long before, StartEntry after, int max) {
        List<Stored> open = oldestFirst(tenantId, item -> item.getOpenKey() != null, before, after);
        List<OpenSession> page = open.stream()
                .limit(max)
                .map(s -> new OpenSession(s.record().sessionId, s.record().lastChunkAt))
                .toList();
        StartEntry next = null;
        if (open.size() > max) {
            Stored last = open.get(max - 1);
            next = new StartEntry(last.record().sessionId, last.item().getStartKey());
        }
        return new OpenPage(page, next);
    }

    @Override
    public synchronized boolean deleteIfUnchanged(String tenantId, String sessionId, long version) {
        return faults.call("session deleteIfUnchanged", () -> {
            String pk = SessionItem.pk(tenantId, sessionId);
            Stored current = sessions.get(pk);
            if (current == null || current.record().version != version) {
                return false;
            }
            sessions.remove(pk);
            return true;
        });
    }

    @Override
    public synchronized Optional<SessionRecord> replaceWithTombstone(
            String tenantId, String sessionId, long deletedAt, long expiresAtEpochSeconds) {
        return faults.call("session replaceWithTombstone", () -> {
            SessionRecord tombstone = SessionRecord.fresh(tenantId, sessionId);
            tombstone.deletedAt = deletedAt;
            // version 0, as in DynamoDB: every versioned write that loaded the session before now fails
            tombstone = copy(tombstone, 0L);
            Stored replaced = sessions.put(
                    SessionItem.pk(tenantId, sessionId),
                    new Stored(tombstone, DynamoSessionIndex.toItem(tombstone, expiresAtEpochSeconds)));
            return Optional.ofNullable(replaced).map(s -> copy(s.record())).filter(r -> !r.isDeleted());
        });
    }

    @Override
    public synchronized void linkUser(String tenantId, String userId, String sessionId, long expiresAtEpochSeconds) {
        faults.call(
                "session linkUser",
                () -> userSessions
                        .computeIfAbsent(SessionItem.userKey(tenantId, userId), k -> new TreeSet<>())
                        .add(sessionId));
    }

    @Override
    public synchronized List<String> sessionsOfUser(String tenantId, String userId) {
        return faults.call(
                "session sessionsOfUser",
                () -> List.copyOf(userSessions.getOrDefault(SessionItem.userKey(tenantId, userId), new TreeSet<>())));
    }

    @Override
    public synchronized void unlinkUser(String tenantId, String userId, String sessionId) {
        faults.call("session unlinkUser", () -> {
            Set<String> linked = userSessions.get(SessionItem.userKey(tenantId, userId));
            return linked != null && linked.remove(sessionId);
        });
    }

    /** The tenant's sessions whose item {@code inIndex} accepts. */
    private List<Stored> entries(String tenantId, Predicate<SessionItem> inIndex) {
        List<Stored> entries = new ArrayList<>();
        for (Stored s : sessions.values()) {
            if (s.record().tenantId.equals(tenantId) && inIndex.test(s.item())) {
                entries.add(s);
            }
        }
        return entries;
    }

    private List<Stored> oldestFirst(String tenantId, Predicate<SessionItem> inIndex, long before, StartEntry after) {
        String bound = String.format("%013d", before);
        return entries(tenantId, inIndex).stream()
                .filter(s -> s.item().getStartKey().compareTo(bound) < 0)
                .filter(s -> after == null || s.item().getStartKey().compareTo(after.startKey()) > 0)
                .sorted(Comparator.comparing(s -> s.item().getStartKey()))
                .toList();
    }

    private static SessionRecord copy(SessionRecord record) {
        return copy(record, record.version);
    }

    /** A record that shares nothing with {@code record}: its state goes through the stored form, as in DynamoDB. */
    private static SessionRecord copy(SessionRecord record, Long version) {
        SessionRecord copy = new SessionRecord(
                record.tenantId,
                record.sessionId,
                record.seqs,
                record.processedThrough,
                SessionState.fromStored(record.state.toStored()),
                record.userAgent,
                version);
        copy.gapSince = record.gapSince;
        copy.lastChunkAt = record.lastChunkAt;
        copy.finishedAt = record.finishedAt;
        copy.userIds.addAll(record.userIds);
        copy.deletedAt = record.deletedAt;
        return copy;
    }

    private static String encodeCursor(String startKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(startKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }
}
