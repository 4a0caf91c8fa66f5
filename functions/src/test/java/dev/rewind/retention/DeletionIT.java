package dev.rewind.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting a session or a user's sessions removes exactly those, everywhere. */
class DeletionIT {
    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;

    @BeforeEach
    void freshResources() {
        rewind = Emulator.freshRewind(clock);
    }

    @AfterEach
    void dropResources() {
        Stored.drop(rewind.config);
    }

    @Test
    void deletingAUsersSessionsRemovesExactlyThoseAcrossMoreThanOnePage() {
        // given a user with more sessions than a page holds (one already past retention), other users'
        // and anonymous sessions, and a user of another tenant with the same id
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        TenantFixture neighbour = TenantFixture.signUp(rewind, clock, "Neighbour");
        List<String> forgotten = new ArrayList<>(shop.recordSessions(Duration.ofHours(3), "user-42", 100));
        forgotten.add(shop.recordSession(Duration.ofHours(1), "user-42", 3));
        String expired = shop.recordSession(Duration.ofDays(40), "user-42", 2);
        List<String> kept = new ArrayList<>(shop.recordSessions(Duration.ofHours(2), "user-7", 3));
        kept.addAll(shop.recordSessions(Duration.ofHours(2), null, 2));
        String neighbours = neighbour.recordSession(Duration.ofHours(1), "user-42", 2);
        assertThat(shop.listed("userId", "user-42")).hasSize(101).containsExactlyInAnyOrderElementsOf(forgotten);
        String link = shop.shareToken(forgotten.get(0));
        Set<String> keptKeys = new TreeSet<>();
        kept.forEach(id -> keptKeys.addAll(Stored.chunkKeysOf(rewind, shop.tenantId, id)));
        Set<String> neighbourKeys = Stored.chunkKeys(rewind, neighbour.tenantId);

        // when the tenant deletes the user's sessions
        APIGatewayV2HTTPResponse response = shop.deleteUser("user-42");

        // then all 102 are gone, hidden or not: every chunk, every item, the share link
        assertThat(Tenants.read(TenantFixture.expect(response, 200))
                        .get("deletedSessions")
                        .asInt())
                .isEqualTo(102);
        assertThat(shop.listed("userId", "user-42")).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId))
                .doesNotContain(expired)
                .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEqualTo(keptKeys);
        assertThat(keptKeys).hasSize(5);
        assertThat(shop.openShare(link).getStatusCode()).isEqualTo(404);
        assertThat(Stored.sharedSessions(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.userLinks(rewind, shop.tenantId))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("user-7→"));
        assertThat(shop.detail(forgotten.get(100)).getStatusCode()).isEqualTo(404);
        // and everyone else's sessions are all there
        assertThat(shop.listed()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(neighbour.listed("userId", "user-42")).containsExactly(neighbours);
        assertThat(Stored.chunkKeys(rewind, neighbour.tenantId))
                .isEqualTo(neighbourKeys)
                .hasSize(2);
    }

    @Test
    void deletingASessionRemovesItsChunksItsItemAndItsShareLinks() {
        // given two sessions, the one to delete shared twice
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        String doomed = shop.recordSession(Duration.ofHours(2), "ada", 3);
        String other = shop.recordSession(Duration.ofHours(1), "ada", 2);
        String firstLink = shop.shareToken(doomed);
        String secondLink = shop.shareToken(doomed);
        String otherLink = shop.shareToken(other);
        assertThat(shop.openShare(firstLink).getStatusCode()).isEqualTo(200);
        Set<String> otherKeys = Stored.chunkKeysOf(rewind, shop.tenantId, other);

        // when it is deleted
        APIGatewayV2HTTPResponse response = shop.delete(doomed);

        // then its links stop working and nothing of it is stored; the other session is whole
        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(shop.openShare(firstLink).getStatusCode()).isEqualTo(404);
        assertThat(shop.openShare(secondLink).getStatusCode()).isEqualTo(404);
        assertThat(shop.detail(doomed).getStatusCode()).isEqualTo(404);
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(other);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEqualTo(otherKeys).hasSize(2);
        assertThat(Stored.sharedSessions(rewind, shop.tenantId)).containsExactly(other);
        assertThat(Stored.userLinks(rewind, shop.tenantId)).containsExactly("ada→" + other);
        assertThat(shop.openShare(otherLink).getStatusCode()).isEqualTo(200);
        // and deleting it again finds nothing
        assertThat(shop.delete(doomed).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aChunkThatArrivesWhileASessionIsErasedIsRefusedAndNothingOfTheSessionStays() {
        // given a live session, and its next chunk arriving through ingest just after its chunks were deleted
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        String live = TenantFixture.newSessionId();
        long start = clock.millis() - 60_000;
        shop.sendChunk(live, 0, start, "ada");
        shop.sendChunk(live, 1, start + TenantFixture.CHUNK_SPACING_MS, "ada");
        AtomicReference<APIGatewayV2HTTPResponse> meanwhile = new AtomicReference<>();
        Rewind racing = Interleavings.afterChunkDeletion(rewind, (tenantId, sessionId) -> {
            if (meanwhile.get() == null) {
                meanwhile.set(
                        shop.ingest(TenantFixture.chunk(live, 2, start + 2 * TenantFixture.CHUNK_SPACING_MS, "ada")));
            }
        });

        // when an admin deletes it
        APIGatewayV2HTTPResponse deleted = shop.on(racing).delete(live);

        // then the delete won: the chunk that came meanwhile was refused, and nothing of the session is stored
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        UserErasureIT.assertError(meanwhile.get(), 410, "session_deleted");
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void aDeletedSessionsShareLinksDieWithItAndStayDeadWhenItsIdIsIngestedAgain() {
        // given a shared session
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        String doomed = shop.recordSession(Duration.ofHours(2), "ada", 2);
        String link = shop.shareToken(doomed);
        assertThat(Stored.sharedSessions(rewind, shop.tenantId)).containsExactly(doomed);

        // when it is deleted, and chunks with its id arrive again, from seq 0 on
        TenantFixture.expect(shop.delete(doomed), 204);
        long now = clock.millis();
        APIGatewayV2HTTPResponse first = shop.ingest(TenantFixture.chunk(doomed, 0, now - 30_000, "ada"));
        APIGatewayV2HTTPResponse second = shop.ingest(TenantFixture.chunk(doomed, 1, now - 20_000, "ada"));

        // then the share items went with the session, the id is not recorded again and the link stays dead
        assertThat(Stored.sharedSessions(rewind, shop.tenantId)).isEmpty();
        UserErasureIT.assertError(first, 410, "session_deleted");
        UserErasureIT.assertError(second, 410, "session_deleted");
        assertThat(shop.openShare(link).getStatusCode()).isEqualTo(404);
        assertThat(shop.detail(doomed).getStatusCode()).isEqualTo(404);
        assertThat(shop.listed()).isEmpty();
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).isEmpty();
    }

    @Test
    void anotherTenantCannotDeleteASession() {
        // given a session of one tenant
        TenantFixture shop = TenantFixture.signUp(rewind, clock, "Shop");
        TenantFixture intruder = TenantFixture.signUp(rewind, clock, "Intruder");
        String session = shop.recordSession(Duration.ofHours(1), "ada", 2);

        // when another tenant deletes it by id, and deletes the user's sessions
        APIGatewayV2HTTPResponse byId = intruder.delete(session);
        APIGatewayV2HTTPResponse byUser = intruder.deleteUser("ada");

        // then nothing of the first tenant is touched
        assertThat(byId.getStatusCode()).isEqualTo(404);
        assertThat(Tenants.read(byUser).get("deletedSessions").asInt()).isZero();
        assertThat(Stored.sessionItems(rewind, shop.tenantId)).containsExactly(session);
        assertThat(Stored.chunkKeys(rewind, shop.tenantId)).hasSize(2);
    }
}
