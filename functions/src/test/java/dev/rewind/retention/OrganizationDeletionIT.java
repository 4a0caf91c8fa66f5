package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TeamHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.schedule.Job;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.AssetCalls;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.InMemoryWorkQueue;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.Users;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code DELETE /v1/tenant}: the owner deletes the organization (docs/RETENTION.md, "Deleting an
 * organization"). Everything of it is refused at once; the retention sweep's fan-out then erases every
 * item and object it had, in every table and under its S3 prefix, but its audit log; another tenant keeps
 * all it has. Admins, members and api keys are refused, and so is a confirmation that does not name it.
 */
class OrganizationDeletionIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private SignupHandler signup;
    private TeamHandler team;
    private TenantHandler tenant;

    private Users.SignedIn owner;
    private Users.SignedIn admin;
    private Users.SignedIn member;
    private String tenantId;
    private String apiKey;
    private TenantFixture acme;
    private TenantFixture other;
    private String otherSession;
    private String otherShare;

    @BeforeEach
    void anOrganizationWithEverythingItCanHave() {
        rewind = Emulator.freshRewind(clock);
        signup = new SignupHandler(rewind);
        team = new TeamHandler(rewind);
        tenant = new TenantHandler(rewind);

        // an owner's organization, an admin api key, an admin and a member, a pending invitation
        owner = Users.create(rewind.config, Users.email("owner"));
        JsonNode organization = ok(
                signup.handleRequest(
                        ApiEvents.request("POST", "/v1/organizations")
                                .bearer(owner.idToken())
                                .json("{\"organization\":\"Acme Shop\"}")
                                .build(),
                        null),
                201);
        tenantId = organization.get("tenantId").asText();
        String ingestKey = organization.get("ingestKey").asText();
        apiKey = ok(
                        tenant.handleRequest(
                                as(owner, ApiEvents.request("POST", "/v1/keys"))
                                        .json("{\"name\":\"ci\",\"scope\":\"admin\"}")
                                        .build(),
                                null),
                        201)
                .get("key")
                .asText();
        admin = join("admin", "admin");
        member = join("member", "member");
        ok(
                team.handleRequest(
                        as(owner, ApiEvents.request("POST", "/v1/invitations"))
                                .json("{\"email\":\"" + Users.email("pending") + "\",\"role\":\"member\"}")
                                .build(),
                        null),
                201);

        // sessions with user ids, chunks, a share link, a captured asset, usage, an insight aggregate
        acme = TenantFixture.of(rewind, clock, new Tenants.SignedUp(tenantId, ingestKey, apiKey, null));
        String shared = acme.recordSession(Duration.ofHours(2), "ada", 3);
        acme.recordSession(Duration.ofHours(1), "grace", 2);
        acme.recordSession(Duration.ofMinutes(30), null, 1);
        acme.shareToken(shared);
        AssetCalls assets = new AssetCalls(rewind);
        AssetCalls.Asset photo = new AssetCalls.Asset(
                "https://shop.example/img/photo.png", "png bytes".getBytes(StandardCharsets.UTF_8), "image/png");
        JsonNode uploads = assets.offer(ingestKey, shared, photo);
        assertThat(uploads).hasSize(1);
        assertThat(AssetCalls.put(uploads.get(0), photo.bytes(), photo.type())).isEqualTo(200);
        assertThat(assets.commit(ingestKey, shared, photo).values()).containsOnly("stored");
        Emulator.DYNAMO.putItem(r -> r.tableName(rewind.config.insightsTable())
                .item(Map.of(
                        "tenantId", AttributeValue.fromS(tenantId),
                        "item", AttributeValue.fromS("h#2026-12-01#0123456789abcdef"))));

        // and another tenant, with a session and a share link
        other = TenantFixture.signUp(rewind, clock, "Other");
        otherSession = other.recordSession(Duration.ofHours(1), "ada", 2);
        otherShare = other.shareToken(otherSession);

        // what the test expects to be erased is really there
        assertThat(Stored.chunkKeys(rewind, tenantId)).isNotEmpty();
        assertThat(Stored.userLinks(rewind, tenantId)).isNotEmpty();
        assertThat(Stored.sharedSessions(rewind, tenantId)).containsExactly(shared);
        assertThat(Stored.chunkKeys(rewind, tenantId))
                .anyMatch(key -> key.startsWith("t/" + tenantId + "/a/"))
                .as("a stored copy of the asset");
        for (String table : tenantTables()) {
            assertThat(itemsOf(table)).as(table).isNotEmpty();
        }
    }

    @Test
    void theOwnerDeletesTheOrganizationAndNothingOfItRemainsButItsAuditLog() {
        // when the owner deletes the organization, naming it
        APIGatewayV2HTTPResponse deleted = deleteAs(owner, "Acme Shop");

        // then it is accepted, and everything of it is refused at once
        assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(202);
        assertThat(Tenants.read(deleted).get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(outcome(acme.ingest(TenantFixture.chunk(TenantFixture.newSessionId(), 0, clock.millis(), null))))
                .as("the ingest key")
                .isEqualTo("401 invalid_key");
        assertThat(outcome(tenant.handleRequest(
                        ApiEvents.request("GET", "/v1/tenant").bearer(apiKey).build(), null)))
                .as("the api key")
                .isEqualTo("401 invalid_api_key");
        for (Users.SignedIn user : List.of(owner, admin, member)) {
            assertThat(outcome(tenant.handleRequest(
                            as(user, ApiEvents.request("GET", "/v1/tenant")).build(), null)))
                    .as(user.email())
                    .isEqualTo("403 not_a_member");
        }
        assertThat(ok(
                                team.handleRequest(
                                        ApiEvents.request("GET", "/v1/me")
                                                .bearer(owner.idToken())
                                                .build(),
                                        null),
                                200)
                        .get("organizations"))
                .as("the owner's organizations")
                .isEmpty();

        // and when the hourly sweep's fan-out has run, once the ingest key cache's window is long over
        clock.advance(OrganizationErasure.MARKER_KEPT.plusMinutes(1));
        sweep();

        // then nothing of the organization is left in any table or under its S3 prefix
        assertNothingLeft();
        // but its audit log, which names who deleted it
        List<String> audit = auditActions();
        assertThat(audit).contains("organization.delete by " + owner.email(), "key.create by " + owner.email());
        // and the other tenant has all it had
        assertThat(other.listed()).containsExactly(otherSession);
        assertThat(Stored.chunkKeys(rewind, other.tenantId)).hasSize(2);
        assertThat(other.openShare(otherShare).getStatusCode()).isEqualTo(200);
        assertThat(Stored.userLinks(rewind, other.tenantId)).containsExactly("ada→" + otherSession);
    }

    @Test
    void chunksAWarmIngestInstanceStoresInItsCacheWindowAreErasedByALaterPass() {
        // given an ingest instance that knows the ingest key (it cached the tenant with it)
        String before = TenantFixture.newSessionId();
        acme.sendChunk(before, 0, clock.millis() - 5_000, null);

        // when the owner deletes the organization, and the instance takes one more chunk within its 30 seconds
        assertThat(deleteAs(owner, "Acme Shop").getStatusCode()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(10));
        String late = TenantFixture.newSessionId();
        acme.sendChunk(late, 0, clock.millis() - 1_000, null);

        // and a first pass runs within the marker's minutes: it erases, but keeps the marker
        sweep();
        assertThat(rewind.tenants.deletedAt(tenantId)).isPresent();
        assertThat(Stored.items(rewind, tenantId)).isEmpty();

        // then the next hour's pass erases the rest and the marker
        clock.advance(Duration.ofHours(1));
        sweep();
        assertNothingLeft();
    }

    @Test
    void adminsMembersAndApiKeysAreRefusedAndNothingIsDeleted() {
        // when an admin, a member and the admin api key try, and the owner names another organization
        String adminTry = outcome(deleteAs(admin, "Acme Shop"));
        String memberTry = outcome(deleteAs(member, "Acme Shop"));
        String keyTry = outcome(tenant.handleRequest(
                ApiEvents.request("DELETE", "/v1/tenant")
                        .bearer(apiKey)
                        .json("{\"confirm\":\"Acme Shop\"}")
                        .build(),
                null));
        String wrongName = outcome(deleteAs(owner, "acme shop"));
        String noName = outcome(tenant.handleRequest(
                as(owner, ApiEvents.request("DELETE", "/v1/tenant")).json("{}").build(), null));
        String noBody = outcome(tenant.handleRequest(
                as(owner, ApiEvents.request("DELETE", "/v1/tenant")).build(), null));

        // then each is refused
        assertThat(List.of(adminTry, memberTry, keyTry))
                .containsExactly("403 forbidden", "403 forbidden", "403 forbidden");
        assertThat(List.of(wrongName, noName, noBody))
                .containsExactly("400 confirmation_mismatch", "400 confirmation_mismatch", "400 invalid_json");

        // and, even after a sweep, nothing was deleted: every table still has the tenant's items
        clock.advance(OrganizationErasure.MARKER_KEPT.plusMinutes(1));
        sweep();
        assertThat(rewind.tenants.deletedAt(tenantId)).isEmpty();
        assertThat(acme.listed()).hasSize(3);
        assertThat(outcome(tenant.handleRequest(
                        as(member, ApiEvents.request("GET", "/v1/tenant")).build(), null)))
                .isEqualTo("200");
        assertThat(rewind.teams.members(tenantId)).hasSize(3);
        assertThat(rewind.teams.invitations(tenantId)).hasSize(1);
        assertThat(rewind.teams.apiKeys(tenantId)).hasSize(1);
        for (String table : tenantTables()) {
            assertThat(itemsOf(table)).as(table).isNotEmpty();
        }
        assertThat(auditActions()).noneMatch(action -> action.startsWith("organization.delete"));
    }

    /** Plans the retention sweep and drains its work queue, as the hourly schedule does. */
    private void sweep() {
        InMemoryWorkQueue queue = new InMemoryWorkQueue(3);
        rewind.planner(queue).plan(Job.RETENTION_SWEEP, null, Duration.ofSeconds(30));
        queue.drain(new ScheduledWorkHandler(rewind, queue), LambdaContexts.remaining("ScheduledWork", 120_000), 10);
        assertThat(queue.deadLetters()).isEmpty();
    }

    private void assertNothingLeft() {
        for (String table : tenantTables()) {
            assertThat(itemsOf(table)).as(table).isEmpty();
        }
        assertThat(itemsOf(rewind.config.keysTable()))
                .as("keys, share and invitation tokens")
                .isEmpty();
        assertThat(itemsOf(rewind.config.userSessionsTable())).as("user links").isEmpty();
        assertThat(Emulator.S3.listObjectsV2Paginator(r -> r.bucket(rewind.config.chunksBucket())).contents().stream()
                        .map(o -> o.key())
                        .filter(key -> key.contains(tenantId)))
                .as("chunks, asset copies and uploads")
                .isEmpty();
        assertThat(rewind.tenants.deletedAt(tenantId)).isEmpty();
        assertThat(rewind.tenants.find(tenantId)).isEmpty();
    }

    /** Every table that holds items of a tenant by its id, but the audit log and the keys and user links. */
    private List<String> tenantTables() {
        return List.of(
                rewind.config.tenantsTable(),
                rewind.config.sessionsTable(),
                rewind.config.teamsTable(),
                rewind.config.usageTable(),
                rewind.config.insightsTable());
    }

    /** The items of a table (a full Scan) any of whose text attributes names the organization's tenant. */
    private List<Map<String, AttributeValue>> itemsOf(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Emulator.DYNAMO
                .scanPaginator(r -> r.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> {
                    if (item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(tenantId))) {
                        items.add(item);
                    }
                });
        return items;
    }

    /** The audit log as "action by actor", read from its table: the tenant can no longer read it. */
    private List<String> auditActions() {
        List<String> actions = new ArrayList<>();
        new TreeSet<>(itemsOfAudit()).forEach(actions::add);
        return actions;
    }

    private List<String> itemsOfAudit() {
        List<String> entries = new ArrayList<>();
        Emulator.DYNAMO
                .queryPaginator(r -> r.tableName(rewind.config.auditTable())
                        .keyConditionExpression("tenantId = :t")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId))))
                .items()
                .forEach(item -> entries.add(
                        item.get("action").s() + " by " + item.get("actor").s()));
        return entries;
    }

    private Users.SignedIn join(String name, String role) {
        Users.SignedIn user = Users.create(rewind.config, Users.email(name));
        JsonNode invitation = ok(
                team.handleRequest(
                        as(owner, ApiEvents.request("POST", "/v1/invitations"))
                                .json("{\"email\":\"" + user.email() + "\",\"role\":\"" + role + "\"}")
                                .build(),
                        null),
                201);
        ok(
                team.handleRequest(
                        ApiEvents.request("POST", "/v1/invitations/accept")
                                .bearer(user.idToken())
                                .json("{\"token\":\"" + invitation.get("token").asText() + "\"}")
                                .build(),
                        null),
                200);
        return user;
    }

    private APIGatewayV2HTTPResponse deleteAs(Users.SignedIn user, String confirm) {
        return tenant.handleRequest(
                as(user, ApiEvents.request("DELETE", "/v1/tenant"))
                        .json("{\"confirm\":\"" + confirm + "\"}")
                        .build(),
                null);
    }

    private ApiEvents as(Users.SignedIn user, ApiEvents request) {
        return request.bearer(user.idToken()).header("x-rewind-tenant", tenantId);
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Tenants.read(response);
    }

    private static String outcome(APIGatewayV2HTTPResponse response) {
        JsonNode body = Tenants.read(response);
        return response.getStatusCode()
                + (body.has("error") ? " " + body.at("/error/code").asText() : "");
    }
}
