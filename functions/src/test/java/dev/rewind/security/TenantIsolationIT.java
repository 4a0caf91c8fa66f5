package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.http.Routes;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Keys;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The tenant isolation matrix (docs/SECURITY.md). An attacker tenant, holding its own
 * valid keys and everything a victim tenant's ids look like, tries every route against the victim's
 * sessions, share links, users, keys and cursors, and against chunk URLs. Every attempt is refused —
 * 404 wherever existence must not leak — or touches only the attacker's own data; and afterwards every
 * object and item that is not the attacker's is byte for byte what it was. The matrix is printed.
 */
class TenantIsolationIT {
    /** Only the victim's data carries this; no answer to the attacker may contain it. */
    private static final String VICTIM_MARKER = "victim-secret-page-7f3a";

    private static final String VICTIM_SESSION = "victim-session-0000000001";
    private static final String VICTIM_SESSION_2 = "victim-session-0000000002";
    private static final String ATTACKER_SESSION = "attacker-session-00000001";

    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    /** What a re-score started by the attacker put on the work queue (docs/FRUSTRATION.md, "Re-score history"). */
    private final List<dev.rewind.schedule.WorkMessage> enqueued =
            java.util.Collections.synchronizedList(new ArrayList<>());

    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = Map.of(
            Routes.INGEST.handlerClass(), new IngestHandler(rewind),
            Routes.SIGNUP.handlerClass(), new SignupHandler(rewind),
            Routes.TENANT.handlerClass(), new TenantHandler(rewind, enqueued::addAll),
            Routes.SESSIONS.handlerClass(), new SessionsHandler(rewind));
    private final List<String[]> matrix = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private APIGatewayV2HTTPResponse call(ApiEvents request) {
        APIGatewayV2HTTPEvent event = request.build();
        Routes.Route route = Routes.ALL.stream()
                .filter(r -> r.routeKey().equals(event.getRouteKey()))
                .findFirst()
                .orElseThrow();
        return handlers.get(route.function().handlerClass()).handleRequest(event, null);
    }

    private static String outcome(APIGatewayV2HTTPResponse response) {
        JsonNode body = Tenants.read(response);
        return response.getStatusCode()
                + (body.has("error") ? " " + body.at("/error/code").asText() : "");
    }

    /**
     * One attack: the expected outcome ("404 not_found", or "200" for a route that answers with the
     * attacker's own data), and a check that the answer holds nothing of the victim's.
     */
    private JsonNode attempt(String operation, String expected, ApiEvents request, String victimTenantId) {
        APIGatewayV2HTTPResponse response = call(request);
        String actual = outcome(response);
        String body = response.getBody() == null ? "" : response.getBody();
        boolean leaked = body.contains(VICTIM_MARKER) || body.contains(victimTenantId);
        record(operation, expected, actual + (leaked ? " LEAKED victim data" : ""));
        return Tenants.read(response);
    }

    private void record(String operation, String expected, String actual) {
        matrix.add(new String[] {operation, expected, actual});
        if (!actual.equals(expected)) {
            failures.add(operation + ": expected " + expected + ", got " + actual);
        }
    }

    private static String victimChunk(String sessionId, int seq, long start) {
        return "{\"sessionId\":\"" + sessionId + "\",\"seq\":" + seq + ",\"meta\":{\"url\":\"https://victim.example/"
                + VICTIM_MARKER
                + "\",\"userId\":\"alice\"},\"events\":"
                + Chunks.events(start + seq * 10_000L, 4)
                        .replace("https://shop.example/", "https://victim.example/" + VICTIM_MARKER)
                + "}";
    }

    private APIGatewayV2HTTPResponse ingest(String ingestKey, String body) {
        return call(ApiEvents.request("POST", "/v1/ingest")
                .query("key", ingestKey)
                .binary(Chunks.gzip(body), "application/x-www-form-urlencoded"));
    }

    private static ApiEvents get(String path) {
        return ApiEvents.request("GET", path);
    }

    /** A cursor in the list's shape (DynamoSessionIndex.Cursor): the index, whose partitions, each one's position. */
    private static String cursor(String index, String owner, String... positions) {
        ObjectNode node = Json.object().put("i", index).put("p", owner);
        ArrayNode shards = node.putArray("s");
        for (String position : positions) {
            shards.add(position);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
    }

    /** The same position for every shard of a sharded index and its unsharded key. */
    private static String[] everyShard(String position) {
        String[] positions = new String[Tables.INDEX_SHARDS + 1];
        java.util.Arrays.fill(positions, position);
        return positions;
    }

    private static String flipLastChar(String s) {
        char last = s.charAt(s.length() - 1);
        return s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @Test
    void noKeyOfOneTenantReachesAnythingOfAnother() throws Exception {
        // given a victim with two sessions of user "alice", a share link, a rotated-away ingest key,
        Tenants.SignedUp victim = Tenants.signUp(rewind, "Victim");
        String oldVictimIngestKey = victim.ingestKey();
        String victimIngestKey = Tenants.rotate(rewind, victim.apiKey(), "ingest");
        long start = clock.millis() - 120_000;
        for (int seq = 0; seq < 3; seq++) {
            assertThat(ingest(victimIngestKey, victimChunk(VICTIM_SESSION, seq, start))
                            .getStatusCode())
                    .isEqualTo(202);
        }
        assertThat(ingest(victimIngestKey, victimChunk(VICTIM_SESSION_2, 0, start + 1000))
                        .getStatusCode())
                .isEqualTo(202);
        JsonNode share = Tenants.read(call(ApiEvents.request("POST", "/v1/sessions/{id}/share")
                .path("id", VICTIM_SESSION)
                .bearer(victim.apiKey())
                .json("{\"expiresInHours\":1}")));
        String victimShareToken = share.get("token").asText();
        JsonNode victimPage =
                Tenants.read(call(get("/v1/sessions").query("limit", "1").bearer(victim.apiKey())));
        String victimCursor = victimPage.get("nextCursor").asText();
        JsonNode victimDetail = Tenants.read(
                call(get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(victim.apiKey())));
        String victimChunkUrl = victimDetail.at("/chunks/0/url").asText();

        // and an attacker with its own valid keys and a session of its own
        Tenants.SignedUp attacker = Tenants.signUp(rewind, "Attacker");
        assertThat(ingest(attacker.ingestKey(), Chunks.envelope(ATTACKER_SESSION, 0, Chunks.events(start, 4)))
                        .getStatusCode())
                .isEqualTo(202);
        JsonNode attackerDetail = Tenants.read(
                call(get("/v1/sessions/{id}").path("id", ATTACKER_SESSION).bearer(attacker.apiKey())));
        String attackerChunkUrl = attackerDetail.at("/chunks/0/url").asText();
        JsonNode attackerPage =
                Tenants.read(call(get("/v1/sessions").query("limit", "1").bearer(attacker.apiKey())));
        StorageSnapshot before = StorageSnapshot.exceptTenant(rewind.config, attacker.tenantId());
        String v = victim.tenantId();
        String sk = attacker.apiKey();

        // when the attacker tries, with its own api key, every session route on the victim's session ids
        attempt(
                "GET /v1/sessions/{victim's id}",
                "404 not_found",
                get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(sk),
                v);
        attempt(
                "GET /v1/sessions/{victim's other id}",
                "404 not_found",
                get("/v1/sessions/{id}").path("id", VICTIM_SESSION_2).bearer(sk),
                v);
        attempt(
                "DELETE /v1/sessions/{victim's id}",
                "404 not_found",
                ApiEvents.request("DELETE", "/v1/sessions/{id}")
                        .path("id", VICTIM_SESSION)
                        .bearer(sk),
                v);
        attempt(
                "POST /v1/sessions/{victim's id}/share",
                "404 not_found",
                ApiEvents.request("POST", "/v1/sessions/{id}/share")
                        .path("id", VICTIM_SESSION)
                        .bearer(sk),
                v);
        attempt(
                "POST /v1/sessions/{victim's id}/share {expiresInHours:720}",
                "404 not_found",
                ApiEvents.request("POST", "/v1/sessions/{id}/share")
                        .path("id", VICTIM_SESSION)
                        .bearer(sk)
                        .json("{\"expiresInHours\":720}"),
                v);
        attempt(
                "GET /v1/sessions/{victim's id}/shares",
                "404 not_found",
                ApiEvents.request("GET", "/v1/sessions/{id}/shares")
                        .path("id", VICTIM_SESSION)
                        .bearer(sk),
                v);
        attempt(
                "DELETE /v1/sessions/{victim's id}/shares/{victim's share id}",
                "404 not_found",
                ApiEvents.request("DELETE", "/v1/sessions/{id}/shares/{shareId}")
                        .path("id", VICTIM_SESSION)
                        .path("shareId", share.get("id").asText())
                        .bearer(sk),
                v);
        attempt(
                "DELETE /v1/users/alice/sessions (the victim's user)",
                "200",
                ApiEvents.request("DELETE", "/v1/users/{userId}/sessions")
                        .path("userId", "alice")
                        .bearer(sk),
                v);
        attempt(
                "DELETE /v1/users/{victim tenant id}%23alice/sessions",
                "200",
                ApiEvents.request("DELETE", "/v1/users/{userId}/sessions")
                        .path("userId", v + "#alice")
                        .bearer(sk),
                v);

        // guessed and enumerated ids: neighbours of a real id, other casing, a path into the victim's prefix
        attempt(
                "GET /v1/sessions/{victim's id, last char changed}",
                "404 not_found",
                get("/v1/sessions/{id}")
                        .path("id", flipLastChar(VICTIM_SESSION))
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions/{victim's id, upper case}",
                "404 not_found",
                get("/v1/sessions/{id}")
                        .path("id", VICTIM_SESSION.toUpperCase())
                        .bearer(sk),
                v);
        for (int i = 0; i < 5; i++) {
            String guessed = Keys.newId() + Keys.newId();
            attempt(
                    "GET /v1/sessions/{random id #" + (i + 1) + "}",
                    "404 not_found",
                    get("/v1/sessions/{id}").path("id", guessed).bearer(sk),
                    v);
        }
        attempt(
                "GET /v1/sessions/{../../t/<victim>/s/<id>}",
                "400 invalid_session_id",
                get("/v1/sessions/{id}")
                        .path("id", "../../" + ChunkBucket.sessionPrefix(v, VICTIM_SESSION))
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions/{<victim tenant>#<victim id>}",
                "400 invalid_session_id",
                get("/v1/sessions/{id}").path("id", v + "#" + VICTIM_SESSION).bearer(sk),
                v);

        // lists: filters naming the victim's user, and cursors pointing into the victim's partitions
        JsonNode byUser = attempt(
                "GET /v1/sessions?userId=alice",
                "200",
                get("/v1/sessions").query("userId", "alice").bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?userId=<victim tenant>#alice",
                "200",
                get("/v1/sessions").query("userId", v + "#alice").bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?url=victim-secret",
                "200",
                get("/v1/sessions").query("url", VICTIM_MARKER).bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?cursor=<the victim's own cursor>",
                "400 invalid_cursor",
                get("/v1/sessions").query("cursor", victimCursor).bearer(sk),
                v);
        String attackerCursor = attackerPage.get("nextCursor").isNull()
                ? null
                : attackerPage.get("nextCursor").asText();
        attempt(
                "GET /v1/sessions?cursor=<byStart, partition = victim>",
                "400 invalid_cursor",
                get("/v1/sessions")
                        .query(
                                "cursor",
                                cursor("byStart", v, everyShard(String.format("%013d", clock.millis()) + "#x")))
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?cursor=<byStart, own partitions, positions naming the victim's pk>",
                "400 invalid_cursor",
                get("/v1/sessions")
                        .query("cursor", cursor("byStart", attacker.tenantId(), everyShard(v + "#" + VICTIM_SESSION)))
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?userId=alice&cursor=<byUser, victim#alice>",
                "400 invalid_cursor",
                get("/v1/sessions")
                        .query("userId", "alice")
                        .query("cursor", cursor("byUser", v + "#alice", String.format("%013d", clock.millis()) + "#x"))
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?flag=rage_click&cursor=<byStart cursor>",
                "400 invalid_cursor",
                get("/v1/sessions")
                        .query("flag", "rage_click")
                        .query("cursor", attackerCursor == null ? victimCursor : attackerCursor)
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/sessions?cursor=<not base64>",
                "400 invalid_cursor",
                get("/v1/sessions").query("cursor", "%%%not-a-cursor").bearer(sk),
                v);

        // keys: the victim's keys altered, keys of the wrong kind, no key; the attacker's own settings routes
        attempt(
                "GET /v1/sessions/{victim's id} with the victim's api key, one char changed",
                "401 invalid_api_key",
                get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(flipLastChar(victim.apiKey())),
                v);
        attempt(
                "GET /v1/sessions/{victim's id} with the victim's ingest key as bearer",
                "401 invalid_api_key",
                get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(victimIngestKey),
                v);
        attempt(
                "GET /v1/sessions/{victim's id} with the victim's share token as bearer",
                "401 invalid_api_key",
                get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(victimShareToken),
                v);
        attempt(
                "DELETE /v1/sessions/{victim's id} with no key",
                "401 missing_api_key",
                ApiEvents.request("DELETE", "/v1/sessions/{id}").path("id", VICTIM_SESSION),
                v);
        attempt(
                "GET /v1/tenant with the victim's ingest key as bearer",
                "401 invalid_api_key",
                get("/v1/tenant").bearer(victimIngestKey),
                v);
        JsonNode ownTenant = attempt(
                "GET /v1/tenant?tenantId=<victim> + X-Tenant-Id header",
                "200",
                get("/v1/tenant").query("tenantId", v).header("x-tenant-id", v).bearer(sk),
                v);
        attempt(
                "POST /v1/tenant/rescore?tenantId=<victim> + X-Tenant-Id header",
                "202",
                ApiEvents.request("POST", "/v1/tenant/rescore")
                        .query("tenantId", v)
                        .header("x-tenant-id", v)
                        .bearer(sk),
                v);
        attempt(
                "GET /v1/tenant/rescore?tenantId=<victim> + X-Tenant-Id header",
                "200",
                get("/v1/tenant/rescore")
                        .query("tenantId", v)
                        .header("x-tenant-id", v)
                        .bearer(sk),
                v);
        // the run started is the attacker's own: its one message names the attacker's tenant
        record(
                "POST /v1/tenant/rescore: the work message's tenant",
                "attacker",
                enqueued.stream().allMatch(m -> !m.tenantId().equals(v)) && enqueued.size() == 1
                        ? "attacker"
                        : "victim " + enqueued);
        attempt(
                "PATCH /v1/tenant {tenantId: victim, retentionDays: 7}",
                "400 unknown_field",
                ApiEvents.request("PATCH", "/v1/tenant")
                        .bearer(sk)
                        .json("{\"tenantId\":\"" + v + "\",\"retentionDays\":7}"),
                v);
        attempt(
                "POST /v1/keys/ingest/rotate (attacker's key, X-Tenant-Id: victim)",
                "200",
                ApiEvents.request("POST", "/v1/keys/{kind}/rotate")
                        .path("kind", "ingest")
                        .header("x-tenant-id", v)
                        .bearer(sk),
                v);
        attempt(
                "POST /v1/keys/api/rotate with the victim's ingest key",
                "401 invalid_api_key",
                ApiEvents.request("POST", "/v1/keys/{kind}/rotate")
                        .path("kind", "api")
                        .bearer(victimIngestKey),
                v);
        attempt(
                "POST /v1/sessions/import {meta:{tenantId: victim, sessionId: victim's}}",
                "201",
                ApiEvents.request("POST", "/v1/sessions/import")
                        .bearer(sk)
                        .json("{\"meta\":{\"tenantId\":\"" + v + "\",\"sessionId\":\"" + VICTIM_SESSION
                                + "\"},\"events\":" + Chunks.events(clock.millis() - 60_000, 3) + "}"),
                v);

        // ingest: the attacker's ingest key on the victim's session id lands in the attacker's own space
        attempt(
                "POST /v1/ingest (attacker's key, victim's session id, seq 3)",
                "202",
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", attacker.ingestKey())
                        .binary(
                                Chunks.gzip(Chunks.envelope(VICTIM_SESSION, 3, Chunks.events(start, 4))),
                                "application/x-www-form-urlencoded"),
                v);
        attempt(
                "POST /v1/ingest (attacker's key, body naming the victim's tenantId)",
                "202",
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", attacker.ingestKey())
                        .text(
                                "{\"tenantId\":\"" + v + "\","
                                        + Chunks.envelope(VICTIM_SESSION_2, 0, Chunks.events(start, 4))
                                                .substring(1),
                                "text/plain;charset=UTF-8"),
                v);
        attempt(
                "POST /v1/ingest with the victim's rotated-away ingest key",
                "401 invalid_key",
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", oldVictimIngestKey)
                        .binary(
                                Chunks.gzip(Chunks.envelope(VICTIM_SESSION, 9, Chunks.events(start, 4))),
                                "application/x-www-form-urlencoded"),
                v);
        attempt(
                "POST /v1/ingest with the victim's api key as ingest key",
                "401 invalid_key",
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", victim.apiKey())
                        .binary(
                                Chunks.gzip(Chunks.envelope(VICTIM_SESSION, 9, Chunks.events(start, 4))),
                                "application/x-www-form-urlencoded"),
                v);
        attempt(
                "POST /v1/ingest with the victim's ingest key, one char changed",
                "401 invalid_key",
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", flipLastChar(victimIngestKey))
                        .binary(
                                Chunks.gzip(Chunks.envelope(VICTIM_SESSION, 9, Chunks.events(start, 4))),
                                "application/x-www-form-urlencoded"),
                v);

        // share links: tampered, guessed, keys posing as share tokens, and (below) expired
        attempt(
                "GET /v1/shares/{victim's token, one char changed}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", flipLastChar(victimShareToken)),
                v);
        attempt(
                "GET /v1/shares/{a guessed sh_ token}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", Keys.newKey(KeyKind.SHARE)),
                v);
        attempt(
                "GET /v1/shares/{the victim's ingest key}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", victimIngestKey),
                v);
        attempt(
                "GET /v1/shares/{the victim's api key}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", victim.apiKey()),
                v);
        attempt(
                "GET /v1/shares/{the hash of the victim's token}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", Keys.hash(victimShareToken)),
                v);

        // chunk URLs: presigned for one object for 5 minutes; tampered ones fail S3's signature check (the SDK
        // signs with the real time, not the test's clock)
        Instant now = Instant.now();
        AwsCredentials credentials =
                DefaultCredentialsProvider.builder().build().resolveCredentials();
        assertThat(PresignedUrls.check(attackerChunkUrl, credentials, now)).isEqualTo(PresignedUrls.Verdict.VALID);
        assertThat(URI.create(victimChunkUrl).getRawPath()).endsWith("/" + ChunkBucket.chunkKey(v, VICTIM_SESSION, 0));
        assertThat(PresignedUrls.query(URI.create(victimChunkUrl)))
                .containsEntry("X-Amz-Expires", String.valueOf(ChunkBucket.CHUNK_URL_SECONDS));
        String ownKey = ChunkBucket.chunkKey(attacker.tenantId(), ATTACKER_SESSION, 0);
        urlAttempt(
                "chunk URL: the attacker's URL with the key changed to the victim's chunk",
                attackerChunkUrl.replace(ownKey, ChunkBucket.chunkKey(v, VICTIM_SESSION, 0)),
                credentials,
                now,
                PresignedUrls.Verdict.BAD_SIGNATURE);
        urlAttempt(
                "chunk URL: the attacker's URL with the key changed to its own seq 1",
                attackerChunkUrl.replace(ownKey, ChunkBucket.chunkKey(attacker.tenantId(), ATTACKER_SESSION, 1)),
                credentials,
                now,
                PresignedUrls.Verdict.BAD_SIGNATURE);
        urlAttempt(
                "chunk URL: the victim's URL with the signature changed",
                victimChunkUrl.replaceAll("X-Amz-Signature=([0-9a-f]+)", "X-Amz-Signature=" + "0".repeat(64)),
                credentials,
                now,
                PresignedUrls.Verdict.BAD_SIGNATURE);
        urlAttempt(
                "chunk URL: the victim's URL with X-Amz-Expires raised to a week",
                victimChunkUrl.replace("X-Amz-Expires=" + ChunkBucket.CHUNK_URL_SECONDS, "X-Amz-Expires=604800"),
                credentials,
                now,
                PresignedUrls.Verdict.BAD_SIGNATURE);
        urlAttempt(
                "chunk URL: the victim's URL, 301 s after it was made",
                victimChunkUrl,
                credentials,
                now.plusSeconds(ChunkBucket.CHUNK_URL_SECONDS + 1),
                PresignedUrls.Verdict.EXPIRED);
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(attackerChunkUrl))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).as("a good chunk URL is served").isEqualTo(200);

        // and a share link past its expiry (the clock moves on an hour and a minute)
        clock.advance(Duration.ofMinutes(61));
        attempt(
                "GET /v1/shares/{victim's token, expired}",
                "404 not_found",
                get("/v1/shares/{token}").path("token", victimShareToken),
                v);
        clock.advance(Duration.ofMinutes(-61));

        // then the matrix shows every attempt refused, or answered with the attacker's own data only
        System.out.printf("%nTenant isolation matrix (%d cross-tenant attempts)%n", matrix.size());
        for (String[] row : matrix) {
            System.out.printf("  %-92s %-24s %s%n", row[0], row[1], row[2].equals(row[1]) ? "ok" : "GOT " + row[2]);
        }
        assertThat(failures).isEmpty();
        assertThat(matrix).hasSizeGreaterThanOrEqualTo(30);
        assertThat(byUser.get("sessions")).isEmpty();
        assertThat(ownTenant.get("tenantId").asText()).isEqualTo(attacker.tenantId());

        // and nothing that is not the attacker's changed, in S3 or in any table
        StorageSnapshot after = StorageSnapshot.exceptTenant(rewind.config, attacker.tenantId());
        assertThat(before.objects()).hasSize(4);
        assertThat(before.sessions()).hasSize(2);
        assertThat(before.keys()).hasSize(3);
        assertThat(after).isEqualTo(before);

        // and the attacker's write under the victim's session id is in the attacker's own space
        assertThat(rewind.chunks.keys(attacker.tenantId()))
                .contains(ChunkBucket.chunkKey(attacker.tenantId(), VICTIM_SESSION, 3));
        assertThat(rewind.sessions.load(v, VICTIM_SESSION).orElseThrow().seqs).containsExactly(0, 1, 2);

        // and the victim still reaches all of it (the 404s were not because the sessions were missing)
        assertThat(call(get("/v1/sessions/{id}").path("id", VICTIM_SESSION).bearer(victim.apiKey()))
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(call(get("/v1/shares/{token}").path("token", victimShareToken))
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(Tenants.read(call(
                                get("/v1/sessions").query("userId", "alice").bearer(victim.apiKey())))
                        .get("sessions"))
                .hasSize(2);
        assertThat(PresignedUrls.check(victimChunkUrl, credentials, Instant.now()))
                .isEqualTo(PresignedUrls.Verdict.VALID);
    }

    /** A chunk URL attempt: refused when S3's check (see {@link PresignedUrls}) gives the expected verdict. */
    private void urlAttempt(
            String operation, String url, AwsCredentials credentials, Instant now, PresignedUrls.Verdict expected)
            throws Exception {
        PresignedUrls.Verdict verdict = PresignedUrls.check(url, credentials, now);
        record(
                operation,
                "refused: " + expected.name().toLowerCase(),
                verdict == PresignedUrls.Verdict.VALID
                        ? "ACCEPTED"
                        : "refused: " + verdict.name().toLowerCase());
    }
}
