package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code DELETE /v1/users/{userId}/sessions} finds every session that ever carried the user id, in any
 * chunk, whatever its seq and whatever it was identified as later; user ids the index cannot hold exactly
 * are refused at ingest and at deletion alike (docs/RETENTION.md, "Who a session belongs to").
 */
class UserErasureIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private TenantFixture shop;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
        shop = TenantFixture.signUp(rewind, clock, "Shop");
    }

    @AfterEach
    void dropResources() {
        Stored.drop(rewind.config);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"long", "tab", "newline", "lone surrogate"})
    void aUserIdTheIndexCannotHoldExactlyIsRefusedAtIngestAndAtDeletion(String kind) {
        // given a user id that is longer than 256 characters, holds a control character or is not well-formed
        String userId = switch (kind) {
            case "long" -> "u".repeat(257);
            case "tab" -> "ada\tlovelace";
            case "newline" -> "ada\nlovelace";
            default -> "ada\uD800";
        };
        String session = TenantFixture.newSessionId();
        long start = clock.millis() - 60_000;

        // when a chunk carries it in its meta, another in an identify event, and the tenant asks to erase it
        APIGatewayV2HTTPResponse inMeta = shop.ingest(json(TenantFixture.chunk(session, 0, start, MARKER), userId));
        APIGatewayV2HTTPResponse inIdentify = shop.ingest(json(
                TenantFixture.identify(TenantFixture.chunk(session, 1, start + 10_000, null), start + 10_500, MARKER),
                userId));
        APIGatewayV2HTTPResponse erasure = shop.deleteUser(userId);

        // then both chunks are refused and nothing is stored; the erasure is refused with the same code
        assertError(inMeta, 400, "invalid_user_id");
        assertError(inIdentify, 400, "invalid_user_id");
        assertError(erasure, 400, "invalid_user_id");
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.items(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void aUserIdOf256CharactersIsKeptWholeAndErasedWholeWhileOneCharacterMoreIsRefused() {
        // given two users whose 256-character ids differ only in their last character
        String userId = "u".repeat(255) + "1";
        String neighbour = "u".repeat(255) + "2";
        String session = shop.recordSession(Duration.ofHours(1), userId, 2);
        String kept = shop.recordSession(Duration.ofHours(1), neighbour, 2);

        // when a session identifies as the first id and one character more, and the first is erased
        APIGatewayV2HTTPResponse longer = shop.ingest(
                TenantFixture.chunk(TenantFixture.newSessionId(), 0, clock.millis() - 60_000, userId + "0"));
        APIGatewayV2HTTPResponse response = shop.deleteUser(userId);

        // then the longer id was refused, and only the first user's session went
        assertError(longer, 400, "invalid_user_id");
        assertThat(Tenants.read(TenantFixture.expect(response, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(1);
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(kept);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(kept);
        assertThat(shop.listed("userId", neighbour)).containsExactly(kept);
        assertOnlyATombstoneIsLeft(session);
    }

    @Test
    void aSessionWhoseFirstChunkHasNotArrivedYetIsErasedAndItsFirstChunkIsRefusedLater() {
        // given a session of ada of which only chunks 2 and 3 arrived: it is listed nowhere yet
        String session = TenantFixture.newSessionId();
        long start = clock.millis() - 120_000;
        shop.sendChunk(session, 2, start + 20_000, "ada");
        shop.sendChunk(session, 3, start + 30_000, "ada");
        assertThat(shop.listed()).isEmpty();

        // when the tenant erases ada
        APIGatewayV2HTTPResponse response = shop.deleteUser("ada");

        // then the session is gone, chunks and item
        assertThat(Tenants.read(TenantFixture.expect(response, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(1);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();

        // and when its first chunks arrive after all, they are refused: the session does not come back
        APIGatewayV2HTTPResponse late = shop.ingest(TenantFixture.chunk(session, 0, start, "ada"));
        APIGatewayV2HTTPResponse later = shop.ingest(TenantFixture.chunk(session, 1, start + 10_000, null));
        assertError(late, 410, "session_deleted");
        assertError(later, 410, "session_deleted");
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
        assertThat(shop.listed("userId", "ada")).isEmpty();
        assertThat(shop.listed()).isEmpty();
        assertOnlyATombstoneIsLeft(session);
        assertThat(Stored.userLinks(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void aSessionThatIdentifiedAsTheUserAndThenAsSomeoneElseIsErasedWithEither() {
        // given a session identified as ada in its meta, then as bob by an identify event and its meta,
        // and one identified as cyd by an identify event only (a recorder that sends no meta)
        String switched = TenantFixture.newSessionId();
        String eventOnly = TenantFixture.newSessionId();
        long start = clock.millis() - 120_000;
        shop.sendChunk(switched, 0, start, "ada");
        TenantFixture.expect(
                shop.ingest(TenantFixture.identify(
                        TenantFixture.chunk(switched, 1, start + 10_000, "bob"), start + 10_500, "bob")),
                202);
        shop.sendChunk(switched, 2, start + 20_000, "bob");
        ObjectNode identified = TenantFixture.chunk(eventOnly, 0, start, null);
        identified.remove("meta");
        TenantFixture.expect(shop.ingest(TenantFixture.identify(identified, start + 500, "cyd")), 202);
        String other = shop.recordSession(Duration.ofMinutes(30), "dan", 2);
        assertThat(shop.listed("userId", "ada")).isEmpty();
        assertThat(shop.listed("userId", "bob")).containsExactly(switched);
        assertThat(Stored.userLinks(rewind, shop.tenantId))
                .containsExactlyInAnyOrder("ada→" + switched, "bob→" + switched, "cyd→" + eventOnly, "dan→" + other);

        // when the tenant erases ada, and cyd
        APIGatewayV2HTTPResponse ada = shop.deleteUser("ada");
        APIGatewayV2HTTPResponse cyd = shop.deleteUser("cyd");

        // then both sessions are gone, and bob has nothing left either; dan's session is whole
        assertThat(Tenants.read(TenantFixture.expect(ada, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(1);
        assertThat(Tenants.read(TenantFixture.expect(cyd, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(1);
        assertThat(shop.listed("userId", "bob")).isEmpty();
        assertThat(Stored.sessionsWithChunks(rewind, shop.tenantId)).containsExactly(other);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(other);
        assertOnlyATombstoneIsLeft(switched);
        assertOnlyATombstoneIsLeft(eventOnly);
        assertThat(Stored.userLinks(rewind, shop.tenantId)).containsExactly("dan→" + other);
        JsonNode bob = Tenants.read(TenantFixture.expect(shop.deleteUser("bob"), 200));
        assertThat(bob.get("deletedSessions").asInt()).isZero();
    }

    @Test
    void aUserIdOfAnotherTypeThanStringOrIntegerIsRefused() {
        // given chunks whose user id is an object, a fraction or a boolean; and one whose id is an integer
        String session = TenantFixture.newSessionId();
        long start = clock.millis() - 60_000;
        ObjectNode object = TenantFixture.chunk(session, 0, start, null);
        ((ObjectNode) object.get("meta")).putObject("userId").put("email", "ada@example.com");
        ObjectNode fraction = TenantFixture.chunk(session, 0, start, null);
        ((ObjectNode) fraction.get("meta")).put("userId", 42.5);
        ObjectNode flag = TenantFixture.identify(TenantFixture.chunk(session, 0, start, null), start + 500, null);
        ((ObjectNode) flag.at("/events/3/data/payload")).put("userId", true);
        String numbered = TenantFixture.newSessionId();
        ObjectNode integer = TenantFixture.chunk(numbered, 0, start, null);
        ((ObjectNode) integer.get("meta")).put("userId", 42);

        // when they are sent, and user 42 is erased
        APIGatewayV2HTTPResponse objectAnswer = shop.ingest(object);
        APIGatewayV2HTTPResponse fractionAnswer = shop.ingest(fraction);
        APIGatewayV2HTTPResponse flagAnswer = shop.ingest(flag);
        TenantFixture.expect(shop.ingest(integer), 202);
        APIGatewayV2HTTPResponse erasure = shop.deleteUser("42");

        // then the first three stored nothing and the integer id was erased as the string "42"
        assertError(objectAnswer, 400, "invalid_user_id");
        assertError(fractionAnswer, 400, "invalid_user_id");
        assertError(flagAnswer, 400, "invalid_user_id");
        assertThat(Tenants.read(TenantFixture.expect(erasure, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(1);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
    }

    private static final String MARKER = "user-id-goes-here";

    /**
     * The chunk's JSON with the user id in place of {@link #MARKER}, non-ASCII characters as JSON escapes:
     * a lone surrogate has no UTF-8 form, only the escape a browser's JSON.stringify writes for it.
     */
    private static String json(ObjectNode chunk, String userId) {
        StringBuilder escaped = new StringBuilder();
        for (char c : userId.toCharArray()) {
            escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return Json.write(chunk).replace(MARKER, escaped);
    }

    private void assertOnlyATombstoneIsLeft(String sessionId) {
        assertThat(Stored.items(rewind, shop.tenantId).get(sessionId))
                .isNotNull()
                .satisfies(item -> assertThat(Stored.TOMBSTONE_ATTRIBUTES).containsAll(item.keySet()));
    }

    static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo(code);
    }
}
