package dev.rewind.infra;

import dev.rewind.http.Routes;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Least privilege, in one place: what each function's code calls, by exact action, on the named
 * table, index, stream or object prefix. A change to what a handler touches changes this file.
 */
final class AccessPolicies {
    private AccessPolicies() {}

    static void grant(Map<Routes.Function, RewindFunction> functions, Storage storage) {
        Resources r = new Resources(storage);
        functions.forEach((definition, function) -> statementsFor(definition, r).forEach(function::allow));
    }

    static List<PolicyStatement> statementsFor(Routes.Function function, Resources r) {
        if (function.equals(Routes.INGEST)) {
            // validate the ingest key, read the tenant's settings, link the chunk's user ids to the session,
            // write the chunk, upsert the session. A chunk of a deleted session is refused: its object (stored
            // when the delete came between the write and the index update) and its user links are deleted.
            return List.of(
                    allow(r.keys, "dynamodb:GetItem"),
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.sessions, "dynamodb:GetItem", "dynamodb:PutItem"),
                    allow(r.userSessions, "dynamodb:PutItem", "dynamodb:DeleteItem"),
                    allow(r.chunkObjects, "s3:PutObject", "s3:GetObject", "s3:DeleteObject"),
                    // the plan's limits (a lease of the minute, a session against the month) and the day's usage
                    allow(r.usage, "dynamodb:UpdateItem"),
                    countHotspots(r));
        }
        if (function.equals(Routes.SIGNUP)) {
            // one transaction puts the tenant, the hashes of its keys and (a user's organization) the
            // owner's membership; the creator's audit entry
            return List.of(
                    allow(r.tenants, "dynamodb:PutItem"),
                    allow(r.keys, "dynamodb:PutItem"),
                    allow(r.teams, "dynamodb:PutItem"),
                    allow(r.audit, "dynamodb:PutItem"));
        }
        if (function.equals(Routes.TENANT)) {
            // settings; key rotation and revocation are transactions: conditional tenant put, old key
            // delete, new key put; named keys: their listing in the teams table, their last use (UpdateItem);
            // a user's membership (GetItem); every change an audit entry; a re-score's progress, one item of the
            // insights table read and put (docs/FRUSTRATION.md, "Re-score history"), its first message on the work
            // queue (sqs:SendMessage, granted by ScheduledWork)
            return List.of(
                    allow(r.tenants, "dynamodb:GetItem", "dynamodb:PutItem"),
                    allow(r.keys, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"),
                    allow(r.teams, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    allow(r.audit, "dynamodb:PutItem"),
                    allow(r.insights, "dynamodb:GetItem", "dynamodb:PutItem"));
        }
        if (function.equals(Routes.TEAM)) {
            // memberships, invitations (their token hashes in the keys table), the by-user index for
            // GET /v1/me; the audit log is appended to and read, never updated or deleted
            return List.of(
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.keys, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"),
                    allow(r.teams, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    allow(r.teamsByUser, "dynamodb:Query"),
                    allow(r.audit, "dynamodb:PutItem", "dynamodb:Query"));
        }
        if (function.equals(Routes.SESSIONS)) {
            // list (one Query on an index + one BatchGet), detail with chunk URLs, delete (a tombstone put,
            // the chunks, the user links, the share tokens by session), erasure by user (its links), share,
            // import (as ingest does, hotspots included)
            List<String> sessionsAndIndexes = new ArrayList<>(r.sessions);
            sessionsAndIndexes.addAll(r.listIndexes);
            return List.of(
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.keys, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                    allow(r.sharesBySession, "dynamodb:Query"),
                    allow(r.teams, "dynamodb:GetItem"),
                    allow(r.audit, "dynamodb:PutItem"),
                    allow(
                            r.sessions,
                            "dynamodb:GetItem",
                            "dynamodb:PutItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:BatchGetItem"),
                    allow(sessionsAndIndexes, "dynamodb:Query"),
                    allow(r.userSessions, "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"),
                    allow(r.chunkObjects, "s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                    allow(r.usage, "dynamodb:UpdateItem"),
                    listChunks(r),
                    countHotspots(r));
        }
        if (function.equals(Routes.INSIGHTS)) {
            // who asks (tenant, key, membership); a view is one Query of the tenant's aggregates and one
            // BatchGet of the sessions its replays name; an error group is batch-read (the group and its
            // days), and its status is put back, audited (docs/INSIGHTS.md, "Error groups")
            return List.of(
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.keys, "dynamodb:GetItem", "dynamodb:UpdateItem"),
                    allow(r.teams, "dynamodb:GetItem"),
                    allow(r.insights, "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem"),
                    allow(r.sessions, "dynamodb:BatchGetItem"),
                    allow(r.audit, "dynamodb:PutItem"));
        }
        if (function.equals(Routes.USAGE)) {
            // the caller (an api key and its last use, or a user's membership), the tenant's plan, this
            // month's sessions (GetItem) and the days (one Query)
            return List.of(
                    allow(r.keys, "dynamodb:GetItem", "dynamodb:UpdateItem"),
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.teams, "dynamodb:GetItem"),
                    allow(r.usage, "dynamodb:GetItem", "dynamodb:Query"));
        }
        if (function.equals(Routes.ASSETS)) {
            // the ingest key and the tenant's origins; HEAD and copy-onto-itself of stored copies, presigned PUTs
            // of uploads (signed with this role), reading and deleting checked uploads, writing copies
            // (docs/ASSETS.md); no listing, no chunk
            return List.of(
                    allow(r.keys, "dynamodb:GetItem"),
                    allow(r.tenants, "dynamodb:GetItem"),
                    allow(r.assetObjects, "s3:GetObject", "s3:PutObject"),
                    allow(r.uploadObjects, "s3:DeleteObject"));
        }
        if (function.equals(Routes.RETENTION_SWEEP) || function.equals(Routes.FINISH_IDLE_SESSIONS)) {
            // the planners page through the tenants (one Scan request a page) and put one work message per
            // tenant on the queue (sqs:SendMessage, granted by ScheduledWork, which owns the queue)
            return List.of(allow(r.tenants, "dynamodb:Scan"));
        }
        if (function.equals(Routes.SCHEDULED_WORK)) {
            // the worker: the planners' continuation (Scan), then one tenant's part of a job.
            // The sweep: the tenant's retention, its sessions past it, oldest first on the start index; each
            // goes with its user links and its share tokens (found by session).
            // The finisher: its open sessions on the by-open index (one Query + one BatchGet a page), then each
            // idle one read and written back finished; chunks waiting behind a gap are read from S3.
            // The re-score: the tenant's sessions that started before the run on the start index, each read,
            // its chunks read from S3, and written back (with its hotspots) when its frustrations changed.
            // Receiving and deleting messages: the event source mapping; continuations: ScheduledWork.
            List<String> indexes = new ArrayList<>(r.listIndexes);
            indexes.addAll(r.openSessionsIndex);
            return List.of(
                    allow(r.tenants, "dynamodb:Scan", "dynamodb:GetItem"),
                    allow(indexes, "dynamodb:Query"),
                    allow(
                            r.sessions,
                            "dynamodb:GetItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:PutItem",
                            "dynamodb:BatchGetItem"),
                    allow(r.userSessions, "dynamodb:DeleteItem"),
                    allow(r.keys, "dynamodb:DeleteItem"),
                    allow(r.sharesBySession, "dynamodb:Query"),
                    allow(r.chunkObjects, "s3:GetObject", "s3:DeleteObject"),
                    // the asset sweep after a tenant's sessions: HEAD of a stored copy whose last reference may
                    // be past retention (docs/ASSETS.md)
                    allow(r.assetObjects, "s3:GetObject"),
                    listChunks(r),
                    // the finisher counts a finished session's hotspots (docs/INSIGHTS.md); a re-score's part also
                    // reads and puts the run's progress item (docs/FRUSTRATION.md, "Re-score history")
                    countHotspots(r),
                    allow(r.insights, "dynamodb:GetItem"));
        }
        if (function.equals(Routes.SESSION_EXPIRY)) {
            // the stream of TTL deletions; a session written again since is left alone (one GetItem);
            // else the chunks of the expired session go
            return List.of(
                    allow(
                            r.sessionsStream,
                            "dynamodb:DescribeStream",
                            "dynamodb:GetRecords",
                            "dynamodb:GetShardIterator"),
                    allow(r.sessions, "dynamodb:GetItem"),
                    // ListStreams lists the account's streams: IAM has no resource to name for it
                    allow(List.of("*"), "dynamodb:ListStreams"),
                    allow(r.chunkObjects, "s3:DeleteObject"),
                    listChunks(r));
        }
        throw new IllegalArgumentException("No access policy for function " + function.id() + ": add what "
                + function.handlerClass() + " calls to AccessPolicies");
    }

    /**
     * A session whose frustrations change its hotspots is written in one transaction with the aggregates
     * (docs/INSIGHTS.md): their items are read (BatchGet) and put, never deleted.
     */
    private static PolicyStatement countHotspots(Resources r) {
        return allow(r.insights, "dynamodb:BatchGetItem", "dynamodb:PutItem");
    }

    /** Listing is a bucket action; the condition keeps it to chunk keys. */
    private static PolicyStatement listChunks(Resources r) {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(r.bucket))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", Storage.CHUNK_KEY_PREFIX + "*")))
                .build();
    }

    private static PolicyStatement allow(List<String> resources, String... actions) {
        return PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(resources)
                .build();
    }

    /** The named resources, resolved once. */
    static final class Resources {
        final List<String> tenants;
        final List<String> keys;
        final List<String> sessions;
        final List<String> teams;
        final List<String> teamsByUser;
        final List<String> audit;
        final List<String> insights;
        /** The indexes sessions are listed and walked by: every one but by-open, which only the finisher reads. */
        final List<String> listIndexes;

        final List<String> openSessionsIndex;
        final List<String> sessionsStream;
        final List<String> userSessions;
        /** The keys table's index of share tokens by session: erasing a session deletes its shares. */
        final List<String> sharesBySession;

        final List<String> chunkObjects;
        final List<String> assetObjects;
        final List<String> uploadObjects;
        final String bucket;
        /** The per-tenant counters: rate windows, monthly sessions, daily usage. */
        final List<String> usage;

        Resources(Storage storage) {
            this.tenants = List.of(storage.table(Tables.TENANTS).getTableArn());
            this.keys = List.of(storage.table(Tables.KEYS).getTableArn());
            this.sessions = List.of(storage.table(Tables.SESSIONS).getTableArn());
            this.teams = List.of(storage.table(Tables.TEAMS).getTableArn());
            this.teamsByUser = List.of(storage.indexArn(Tables.TEAMS, Tables.BY_USER_MEMBERSHIP));
            this.audit = List.of(storage.table(Tables.AUDIT).getTableArn());
            this.insights = List.of(storage.table(Tables.INSIGHTS).getTableArn());
            this.listIndexes = Tables.SESSIONS.indexes().stream()
                    .map(TableDefinition.Index::name)
                    .filter(name -> !name.equals(Tables.BY_OPEN))
                    .map(name -> storage.indexArn(Tables.SESSIONS, name))
                    .toList();
            this.openSessionsIndex = List.of(storage.indexArn(Tables.SESSIONS, Tables.BY_OPEN));
            this.sessionsStream = List.of(storage.table(Tables.SESSIONS).getTableStreamArn());
            this.userSessions = List.of(storage.table(Tables.USER_SESSIONS).getTableArn());
            this.sharesBySession = List.of(storage.indexArn(Tables.KEYS, Tables.BY_SESSION));
            this.chunkObjects = List.of(storage.chunkObjectsArn());
            this.usage = List.of(storage.table(Tables.USAGE).getTableArn());
            this.assetObjects = storage.assetObjectsArns();
            this.uploadObjects = List.of(storage.uploadObjectsArn());
            this.bucket = storage.chunks().getBucketArn();
        }
    }
}
