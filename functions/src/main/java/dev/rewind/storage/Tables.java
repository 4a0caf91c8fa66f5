package dev.rewind.storage;

import dev.rewind.frustration.FrustrationType;
import dev.rewind.storage.TableDefinition.Index;
import dev.rewind.storage.TableDefinition.Key;
import dev.rewind.storage.TableDefinition.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Every table, key and index of Rewind, defined once. The CDK app and the local bootstrap both read
 * these; the item classes refer to the attribute and index names here. docs/DATA-MODEL.md explains
 * why the keys are what they are.
 */
public final class Tables {
    private Tables() {}

    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** Tenants by id: settings and the hashes of the current keys. */
    public static final TableDefinition TENANTS = new TableDefinition(
            "Tenants", "TENANTS_TABLE", "rewind-tenants", new Key("tenantId", Type.S), null, List.of(), null, false);

    /**
     * The share tokens of a session ({@code sessionKey} = tenantId#sessionId, on share items only): erasing
     * a session deletes them with it. Keys-only; written once per share, when it is made.
     */
    public static final String BY_SESSION = "bySession";

    public static final String SESSION_KEY = "sessionKey";

    /** Key hash → tenant: ingest keys, api keys and share tokens, stored only as SHA-256 hashes. */
    public static final TableDefinition KEYS = new TableDefinition(
            "Keys",
            "KEYS_TABLE",
            "rewind-keys",
            new Key("keyHash", Type.S),
            List.of(new Index(BY_SESSION, new Key(SESSION_KEY, Type.S), new Key("keyHash", Type.S))),
            TTL_ATTRIBUTE,
            false);

    // Session index names. Each is keys-only and written when a session starts or first gets a flag,
    // never per chunk, so 4,000 chunk writes/s spread over sessions, not over one index partition.
    public static final String BY_START = "byStart";
    public static final String BY_USER = "byUser";
    /**
     * Sessions not finished since their last chunk, for the idle-session finisher. Its key is set when a
     * session starts and removed when it is finished, so it too is written twice per session, not per chunk.
     */
    public static final String BY_OPEN = "byOpen";

    public static final String START_KEY = "startKey";
    public static final String OPEN_KEY = "openKey";

    /**
     * The write shards of each index keyed by tenant and sorted by start: {@code byStart}, the flag indexes
     * and {@code byOpen}. A session's entries are under {@link #shardKey}, so one tenant's writes spread over
     * this many partitions of 1,000 writes/s each; a list page reads them all in parallel. 4 keeps a tenant
     * with all of 1 billion sessions a month at its peak under half of each partition (docs/SCALE.md, "Hot
     * tenant").
     */
    public static final int INDEX_SHARDS = 4;

    /** The partition key of a session's entries in the sharded indexes: {@code tenantId#n}, n = CRC-32 of its id mod 4. */
    public static String shardKey(String tenantId, String sessionId) {
        CRC32 crc = new CRC32();
        crc.update(sessionId.getBytes(StandardCharsets.UTF_8));
        return tenantId + "#" + (crc.getValue() % INDEX_SHARDS);
    }

    /**
     * Every partition a tenant's entries can be under in a sharded index: the {@link #INDEX_SHARDS} shards, then
     * the tenant id alone, the key of entries written before the indexes were sharded and not rewritten since
     * (read beside the shards until the longest retention has passed: docs/DATA-MODEL.md, "Sharded indexes").
     */
    public static List<String> shardKeys(String tenantId) {
        List<String> keys = new ArrayList<>();
        for (int n = 0; n < INDEX_SHARDS; n++) {
            keys.add(tenantId + "#" + n);
        }
        keys.add(tenantId);
        return List.copyOf(keys);
    }

    /**
     * The list index of sessions with one kind of frustration: a flagged session's item names its tenant
     * in {@code partitionAttribute}, an unflagged one has no such attribute (a sparse index).
     */
    public record FlagIndex(FrustrationType type, String name, String partitionAttribute) {}

    /**
     * One flag index per click or error type, in {@link FrustrationType}'s order: the only place that pairs them.
     * The page signals (quick back, excessive scroll, form abandonment) have none: a list filtered by one of them
     * alone reads {@link #BY_START} and filters what it reads (docs/DATA-MODEL.md, "Session indexes": CloudFormation
     * adds one index to a table per update, and every index is a write per flagged session).
     */
    public static final List<FlagIndex> FLAG_INDEXES = List.of(
            new FlagIndex(FrustrationType.RAGE_CLICK, "byRageClick", "rageClickKey"),
            new FlagIndex(FrustrationType.DEAD_CLICK, "byDeadClick", "deadClickKey"),
            new FlagIndex(FrustrationType.ERROR_CLICK, "byErrorClick", "errorClickKey"),
            new FlagIndex(FrustrationType.ERROR, "byError", "errorKey"));

    /** True when the frustration type has a flag index of its own. */
    public static boolean hasFlagIndex(FrustrationType type) {
        return FLAG_INDEXES.stream().anyMatch(flag -> flag.type() == type);
    }

    /** The flag index of one frustration type. */
    public static FlagIndex flagIndex(FrustrationType type) {
        for (FlagIndex flag : FLAG_INDEXES) {
            if (flag.type() == type) {
                return flag;
            }
        }
        throw new IllegalStateException("no flag index for " + type);
    }

    /** One item per session (pk = tenantId#sessionId): the summary, the seqs seen and the carried state. */
    public static final TableDefinition SESSIONS = new TableDefinition(
            "Sessions",
            "SESSIONS_TABLE",
            "rewind-sessions",
            new Key("pk", Type.S),
            null,
            sessionIndexes(),
            TTL_ATTRIBUTE,
            true);

    /** The tenants a user belongs to, for {@code GET /v1/me}; only membership items carry its key. */
    public static final String BY_USER_MEMBERSHIP = "byUserMembership";

    public static final String TEAM_ITEM = "item";

    /**
     * A tenant's people and automation (pk = tenantId, sk = item): memberships ({@code member#<userSub>}),
     * pending invitations ({@code invitation#<id>}, gone by TTL when they expire) and named api keys
     * ({@code key#<keyId>}; the key's hash itself lives in {@link #KEYS}). docs/DATA-MODEL.md.
     */
    public static final TableDefinition TEAMS = new TableDefinition(
            "Teams",
            "TEAMS_TABLE",
            "rewind-teams",
            new Key("tenantId", Type.S),
            new Key(TEAM_ITEM, Type.S),
            List.of(new Index(BY_USER_MEMBERSHIP, new Key("userSub", Type.S), new Key("tenantId", Type.S))),
            TTL_ATTRIBUTE,
            false);

    /**
     * The audit log (pk = tenantId, sk = {@code <epoch millis, 13 digits>#<id>}): kept a year by TTL,
     * written only by the functions, never by a tenant's request, and not touched by session deletion
     * or the retention sweep (docs/SECURITY.md, "Audit log").
     */
    public static final TableDefinition AUDIT = new TableDefinition(
            "Audit",
            "AUDIT_TABLE",
            "rewind-audit",
            new Key("tenantId", Type.S),
            new Key("at", Type.S),
            List.of(),
            TTL_ATTRIBUTE,
            false);

    /**
     * Every user id a session ever carried (userKey = tenantId#userId, sort key the session id), written
     * before the first chunk carrying it is stored, whatever its seq: erasure by user reads it with one
     * consistent Query (docs/RETENTION.md). Its TTL is the longest a session item can live.
     */
    public static final TableDefinition USER_SESSIONS = new TableDefinition(
            "UserSessions",
            "USER_SESSIONS_TABLE",
            "rewind-user-sessions",
            new Key("userKey", Type.S),
            new Key("sessionId", Type.S),
            List.of(),
            TTL_ATTRIBUTE,
            false);

    /**
     * Per-tenant counters (pk tenantId, sort key the period): {@code r#<epoch minute>} the chunks granted
     * that minute (rate limit, expires after an hour), {@code m#2026-12} the sessions admitted that month
     * (quota), {@code d#2026-12-02} the usage of that day. Each write is one atomic update of one item.
     */
    public static final TableDefinition USAGE = new TableDefinition(
            "Usage",
            "USAGE_TABLE",
            "rewind-usage",
            new Key("tenantId", Type.S),
            new Key("period", Type.S),
            List.of(),
            TTL_ATTRIBUTE,
            false);

    /**
     * A tenant's insights (pk = tenantId, sk = item): the hotspot aggregates ({@code h#<day>#<hash>}, one per
     * day, page and element, docs/INSIGHTS.md), written with the session whose frustrations they count and
     * gone by TTL once no view reaches their day.
     */
    public static final String INSIGHT_ITEM = "item";

    public static final TableDefinition INSIGHTS = new TableDefinition(
            "Insights",
            "INSIGHTS_TABLE",
            "rewind-insights",
            new Key("tenantId", Type.S),
            new Key(INSIGHT_ITEM, Type.S),
            List.of(),
            TTL_ATTRIBUTE,
            false);

    public static final List<TableDefinition> ALL =
            List.of(TENANTS, KEYS, SESSIONS, USER_SESSIONS, TEAMS, AUDIT, USAGE, INSIGHTS);

    /** By start, by user, one per flag, by open; every one sorted by start. */
    private static List<Index> sessionIndexes() {
        List<Index> indexes = new ArrayList<>();
        indexes.add(new Index(BY_START, new Key("tenantId", Type.S), new Key(START_KEY, Type.S)));
        indexes.add(new Index(BY_USER, new Key("userKey", Type.S), new Key(START_KEY, Type.S)));
        for (FlagIndex flag : FLAG_INDEXES) {
            indexes.add(new Index(flag.name(), new Key(flag.partitionAttribute(), Type.S), new Key(START_KEY, Type.S)));
        }
        indexes.add(new Index(BY_OPEN, new Key(OPEN_KEY, Type.S), new Key(START_KEY, Type.S)));
        return List.copyOf(indexes);
    }
}
