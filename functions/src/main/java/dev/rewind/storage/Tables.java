package dev.rewind.storage;

import dev.rewind.storage.TableDefinition.Index;
import dev.rewind.storage.TableDefinition.Key;
import dev.rewind.storage.TableDefinition.Type;

import java.util.List;

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
            "Tenants", "TENANTS_TABLE", "rewind-tenants",
            new Key("tenantId", Type.S), null, List.of(), null, false);

    /** Key hash → tenant: ingest keys, api keys and share tokens, stored only as SHA-256 hashes. */
    public static final TableDefinition KEYS = new TableDefinition(
            "Keys", "KEYS_TABLE", "rewind-keys",
            new Key("keyHash", Type.S), null, List.of(), TTL_ATTRIBUTE, false);

    // Session index names. Each is keys-only and written when a session starts or first gets a flag,
    // never per chunk, so 4,000 chunk writes/s spread over sessions, not over one index partition.
    public static final String BY_START = "byStart";
    public static final String BY_USER = "byUser";
    public static final String BY_RAGE_CLICK = "byRageClick";
    public static final String BY_DEAD_CLICK = "byDeadClick";
    public static final String BY_ERROR_CLICK = "byErrorClick";
    public static final String BY_ERROR = "byError";
    /**
     * Sessions not finished since their last chunk, for the idle-session finisher. Its key is set when a
     * session starts and removed when it is finished, so it too is written twice per session, not per chunk.
     */
    public static final String BY_OPEN = "byOpen";
    public static final String START_KEY = "startKey";
    public static final String OPEN_KEY = "openKey";

    /** One item per session (pk = tenantId#sessionId): the summary, the seqs seen and the carried state. */
    public static final TableDefinition SESSIONS = new TableDefinition(
            "Sessions", "SESSIONS_TABLE", "rewind-sessions",
            new Key("pk", Type.S), null,
            List.of(
                    new Index(BY_START, new Key("tenantId", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_USER, new Key("userKey", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_RAGE_CLICK, new Key("rageClickKey", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_DEAD_CLICK, new Key("deadClickKey", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_ERROR_CLICK, new Key("errorClickKey", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_ERROR, new Key("errorKey", Type.S), new Key(START_KEY, Type.S)),
                    new Index(BY_OPEN, new Key(OPEN_KEY, Type.S), new Key(START_KEY, Type.S))),
            TTL_ATTRIBUTE, true);

    /** The tenants a user belongs to, for {@code GET /v1/me}; only membership items carry its key. */
    public static final String BY_USER_MEMBERSHIP = "byUserMembership";
    public static final String TEAM_ITEM = "item";

    /**
     * A tenant's people and automation (pk = tenantId, sk = item): memberships ({@code member#<userSub>}),
     * pending invitations ({@code invitation#<id>}, gone by TTL when they expire) and named api keys
     * ({@code key#<keyId>}; the key's hash itself lives in {@link #KEYS}). docs/DATA-MODEL.md.
     */
    public static final TableDefinition TEAMS = new TableDefinition(
            "Teams", "TEAMS_TABLE", "rewind-teams",
            new Key("tenantId", Type.S), new Key(TEAM_ITEM, Type.S),
            List.of(new Index(BY_USER_MEMBERSHIP, new Key("userSub", Type.S), new Key("tenantId", Type.S))),
            TTL_ATTRIBUTE, false);

    /**
     * The audit log (pk = tenantId, sk = {@code <epoch millis, 13 digits>#<id>}, newest last): kept a
     * year by TTL, written only by the functions, never by a tenant's request, and not touched by
     * session deletion or the retention sweep (docs/SECURITY.md, "Audit log").
     */
    public static final TableDefinition AUDIT = new TableDefinition(
            "Audit", "AUDIT_TABLE", "rewind-audit",
            new Key("tenantId", Type.S), new Key("at", Type.S), List.of(), TTL_ATTRIBUTE, false);

    public static final List<TableDefinition> ALL = List.of(TENANTS, KEYS, SESSIONS, TEAMS, AUDIT);
}
