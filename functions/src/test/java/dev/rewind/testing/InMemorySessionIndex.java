package dev.rewind.testing;

import dev.rewind.aws.DynamoSessionIndex;
import dev.rewind.aws.SessionItem;
import dev.rewind.sessions.SessionFilters;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.sessions.SessionPage;
import dev.rewind.sessions.SessionQuery;
import dev.rewind.sessions.SessionRecord;
import java.nio.charset.StandardCharsets;
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
 * The session index in memory, for tests about logic (CONTRIBUTING.md, "Test tiers"). It holds each session
 * as the item the DynamoDB adapter writes ({@link DynamoSessionIndex#toItem}, read back with
 * {@link DynamoSessionIndex#toRecord}), so a load returns what DynamoDB would, shares nothing with the
 * caller, and a session is in the by-start and by-open indexes exactly when its item has those keys. A save
 * wins only over the version it loaded, as the adapter's versioned put. A list is one pass over the
 * tenant's listed sessions, newest first, filtered as the DynamoDB lists filter; its cursor is only this
 * index's.
 */
public final class InMemorySessionIndex implements SessionIndex {
    private final Map<String, SessionItem> sessions = new HashMap<>();
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
                .map(DynamoSessionIndex::toRecord);
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
                SessionItem current = sessions.get(pk);
                if (!Objects.equals(current == null ? null : current.getVersion(), record.version)) {
                    return false;
                }
                long version = record.version == null ? 1 : record.version + 1;
                sessions.put(pk, item(record, version, expiresAtEpochSeconds));
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
        List<SessionItem> matches = entries(tenantId, item -> item.getTenantId() != null).stream()
                .filter(item -> item.getStartKey().compareTo(from) >= 0
                        && item.getStartKey().compareTo(to) <= 0)
                .filter(item -> after == null || item.getStartKey().compareTo(after) < 0)
                .filter(item -> SessionFilters.matches(DynamoSessionIndex.toRecord(item).state, query))
                .sorted(Comparator.comparing(SessionItem::getStartKey).reversed())
                .toList();
        List<SessionRecord> page = matches.stream()
                .limit(query.limit())
                .map(DynamoSessionIndex::toRecord)
                .toList();
        String next = matches.size() > query.limit()
                ? encodeCursor(matches.get(query.limit() - 1).getStartKey())
                : null;
        return new SessionPage(page, next);
    }

    @Override
    public synchronized List<StartEntry> startedBefore(String tenantId, long before, StartEntry after, int max) {
        return faults.call(
                "session startedBefore",
                () -> oldestFirst(tenantId, item -> item.getTenantId() != null, before, after).stream()
                        .limit(max)
                        .map(item -> new StartEntry(item.getSessionId(), item.getStartKey()))
                        .toList());
    }

    @Override
    public synchronized OpenPage openStartedBefore(String tenantId, long before, StartEntry after, int max) {
        return faults.call("session openStartedBefore", () -> openPage(tenantId, before, after, max));
    }

    private OpenPage openPage(String tenantId, long before, StartEntry after, int max) {
        List<SessionItem> open = oldestFirst(tenantId, item -> item.getOpenKey() != null, before, after);
        List<OpenSession> page = open.stream()
                .limit(max)
                .map(item ->
                        new OpenSession(item.getSessionId(), item.getLastChunkAt() == null ? 0 : item.getLastChunkAt()))
                .toList();
        StartEntry next = null;
        if (open.size() > max) {
            SessionItem last = open.get(max - 1);
            next = new StartEntry(last.getSessionId(), last.getStartKey());
        }
        return new OpenPage(page, next);
    }

    @Override
    public synchronized boolean deleteIfUnchanged(String tenantId, String sessionId, long version) {
        return faults.call("session deleteIfUnchanged", () -> {
            String pk = SessionItem.pk(tenantId, sessionId);
            SessionItem current = sessions.get(pk);
            if (current == null || current.getVersion() != version) {
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
            SessionItem replaced =
                    sessions.put(SessionItem.pk(tenantId, sessionId), item(tombstone, 0L, expiresAtEpochSeconds));
            return Optional.ofNullable(replaced)
                    .map(DynamoSessionIndex::toRecord)
                    .filter(r -> !r.isDeleted());
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

    /** The whole table is one page here. */
    @Override
    public synchronized TenantScan tenantSessions(String tenantId, String after, int max) {
        return faults.call(
                "session tenantSessions",
                () -> new TenantScan(
                        sessions.keySet().stream()
                                .filter(pk -> pk.startsWith(tenantId + "#"))
                                .map(pk -> pk.substring(tenantId.length() + 1))
                                .sorted()
                                .toList(),
                        null));
    }

    @Override
    public synchronized void forget(String tenantId, String sessionId) {
        faults.call("session forget", () -> sessions.remove(SessionItem.pk(tenantId, sessionId)));
    }

    @Override
    public synchronized String unlinkTenantUsers(String tenantId, String after, int max) {
        return faults.call("session unlinkTenantUsers", () -> {
            userSessions.keySet().removeIf(userKey -> userKey.startsWith(tenantId + "#"));
            return null;
        });
    }

    /** The item the adapter writes for the record, with sets of its own: the caller keeps changing its record. */
    private static SessionItem item(SessionRecord record, long version, long expiresAtEpochSeconds) {
        SessionItem item = DynamoSessionIndex.toItem(record, expiresAtEpochSeconds);
        item.setSeqs(new TreeSet<>(record.seqs));
        item.setUserIds(record.userIds.isEmpty() ? null : new TreeSet<>(record.userIds));
        item.setAssetSeqs(record.assetSeqs.isEmpty() ? null : new TreeSet<>(record.assetSeqs));
        item.setVersion(version);
        return item;
    }

    /** The tenant's sessions whose item {@code inIndex} accepts. */
    private List<SessionItem> entries(String tenantId, Predicate<SessionItem> inIndex) {
        String prefix = SessionItem.pk(tenantId, "");
        return sessions.values().stream()
                .filter(item -> item.getPk().startsWith(prefix) && inIndex.test(item))
                .toList();
    }

    private List<SessionItem> oldestFirst(
            String tenantId, Predicate<SessionItem> inIndex, long before, StartEntry after) {
        String bound = String.format("%013d", before);
        return entries(tenantId, inIndex).stream()
                .filter(item -> item.getStartKey().compareTo(bound) < 0)
                .filter(item -> after == null || item.getStartKey().compareTo(after.startKey()) > 0)
                .sorted(Comparator.comparing(SessionItem::getStartKey))
                .toList();
    }

    private static String encodeCursor(String startKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(startKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }
}
