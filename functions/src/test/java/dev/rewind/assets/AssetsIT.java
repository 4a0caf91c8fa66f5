package dev.rewind.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.RetentionSweepHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.storage.AssetBucket;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.AssetCalls;
import dev.rewind.testing.AssetCalls.Asset;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Asset capture on the emulator (docs/ASSETS.md): only what a tenant lacks is uploaded, once however many
 * sessions use it; an upload becomes the stored copy only when its bytes are the ones offered; the replay
 * gets the stored copies of its session's URLs; copies go when no session in retention uses them, and all
 * of them with the tenant.
 */
class AssetsIT {
    private static final String SESSION_1 = "asset-session-00000000001";
    private static final String SESSION_2 = "asset-session-00000000002";

    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final AssetCalls calls = new AssetCalls(rewind);

    private static final Asset PHOTO =
            new Asset("https://shop.example/img/photo.png", bytes("png bytes of a product photo"), "image/png");
    private static final Asset FONT =
            new Asset("https://shop.example/fonts/brand.woff2", bytes("woff2 bytes of the brand font"), "font/woff2");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> keys(String tenantId, String prefix) {
        return rewind.chunks.keys(tenantId).stream()
                .filter(k -> k.startsWith(prefix))
                .toList();
    }

    /** Offers, uploads and commits every asset, as the recorder does; returns how many uploads it took. */
    private int record(String ingestKey, String sessionId, Asset... assets) {
        JsonNode uploads = calls.offer(ingestKey, sessionId, assets);
        for (JsonNode upload : uploads) {
            Asset asset = List.of(assets).stream()
                    .filter(a -> a.hash().equals(upload.get("hash").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(AssetCalls.put(upload, asset.bytes(), asset.type())).isEqualTo(200);
        }
        if (uploads.size() > 0) {
            assertThat(calls.commit(ingestKey, sessionId, assets).values()).containsOnly("stored");
        }
        return uploads.size();
    }

    @Test
    void onlyTheHashesTheTenantLacksAreUploadedAndEachOnlyOnce() {
        // given a tenant and a first visitor whose page uses a photo and a font
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        calls.startSession(tenant.ingestKey(), SESSION_1, clock.millis() - 10_000);
        calls.startSession(tenant.ingestKey(), SESSION_2, clock.millis() - 5_000);

        // when the first visitor's recorder offers them
        JsonNode uploads = calls.offer(tenant.ingestKey(), SESSION_1, PHOTO, FONT, PHOTO);

        // then both are missing: one upload each (the photo twice on the page is one), to the tenant's upload keys
        assertThat(uploads).hasSize(2);
        assertThat(uploads.findValuesAsText("hash")).containsExactly(PHOTO.hash(), FONT.hash());
        assertThat(uploads.get(0).get("url").asText()).contains(AssetBucket.uploadKey(tenant.tenantId(), PHOTO.hash()));

        // when it uploads and commits them
        for (int i = 0; i < 2; i++) {
            Asset asset = i == 0 ? PHOTO : FONT;
            assertThat(AssetCalls.put(uploads.get(i), asset.bytes(), asset.type()))
                    .isEqualTo(200);
        }
        Map<String, String> committed = calls.commit(tenant.ingestKey(), SESSION_1, PHOTO, FONT);

        // then both are stored under their hashes, and no upload is left
        assertThat(committed).containsEntry(PHOTO.hash(), "stored").containsEntry(FONT.hash(), "stored");
        assertThat(keys(tenant.tenantId(), AssetBucket.storedPrefix(tenant.tenantId())))
                .containsExactlyInAnyOrder(
                        AssetBucket.storedKey(tenant.tenantId(), PHOTO.hash()),
                        AssetBucket.storedKey(tenant.tenantId(), FONT.hash()));
        assertThat(keys(tenant.tenantId(), AssetBucket.uploadPrefix(tenant.tenantId())))
                .isEmpty();

        // when a second visitor's page uses the same assets
        assertThat(calls.offer(tenant.ingestKey(), SESSION_2, PHOTO, FONT)).isEmpty();

        // then it uploaded nothing, and both sessions' replays get the stored copies of their URLs
        for (String session : List.of(SESSION_1, SESSION_2)) {
            JsonNode copies = calls.storedCopies(tenant.apiKey(), session);
            assertThat(copies.size()).isEqualTo(2);
            assertThat(AssetCalls.get(copies.get(PHOTO.url()).asText())).isEqualTo(PHOTO.bytes());
            assertThat(AssetCalls.get(copies.get(FONT.url()).asText())).isEqualTo(FONT.bytes());
        }
    }

    @Test
    void anUploadBecomesTheStoredCopyOnlyWhenItsBytesAreTheOfferedOnes() {
        // given a tenant whose recorder got uploads for four assets
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        calls.startSession(tenant.ingestKey(), SESSION_1, clock.millis() - 10_000);
        Asset forged = new Asset("https://shop.example/a.png", bytes("the bytes that were hashed"), "image/png");
        Asset html = new Asset("https://shop.example/b.png", bytes("<script>alert(1)</script>"), "image/png");
        Asset large = new Asset("https://shop.example/c.png", bytes("a small image"), "image/png");
        Asset never = new Asset("https://shop.example/d.png", bytes("never uploaded"), "image/png");
        JsonNode uploads = calls.offer(tenant.ingestKey(), SESSION_1, forged, html, large, never);
        assertThat(uploads).hasSize(4);

        // when one upload carries other bytes of the same size, one is of a type that is not an asset's,
        // one is over the size limit (written past the signature, as only the emulator allows), one never came
        byte[] other = bytes("the bytes that were HASHED");
        assertThat(other).hasSameSizeAs(forged.bytes());
        assertThat(AssetCalls.put(uploads.get(0), other, forged.type())).isEqualTo(200);
        assertThat(AssetCalls.put(uploads.get(1), html.bytes(), "text/html")).isEqualTo(200);
        Emulator.S3.putObject(
                r -> r.bucket(rewind.config.chunksBucket())
                        .key(AssetBucket.uploadKey(tenant.tenantId(), large.hash()))
                        .contentType("image/png"),
                RequestBody.fromBytes(new byte[(int) AssetLimits.MAX_ASSET_BYTES + 1]));
        Map<String, String> committed = calls.commit(tenant.ingestKey(), SESSION_1, forged, html, large, never);

        // then each is refused with its reason, nothing is stored, the bad uploads are gone, the replay keeps the URLs
        assertThat(committed)
                .containsExactly(
                        Map.entry(forged.hash(), "hash_mismatch"),
                        Map.entry(html.hash(), "type_not_allowed"),
                        Map.entry(large.hash(), "too_large"),
                        Map.entry(never.hash(), "not_uploaded"));
        assertThat(keys(tenant.tenantId(), AssetBucket.storedPrefix(tenant.tenantId())))
                .isEmpty();
        assertThat(keys(tenant.tenantId(), AssetBucket.uploadPrefix(tenant.tenantId())))
                .isEmpty();
        assertThat(calls.storedCopies(tenant.apiKey(), SESSION_1).size()).isZero();
    }

    @Test
    void deletingASessionDeletesItsNamesAndKeepsTheCopiesAnotherSessionUses() {
        // given two sessions whose pages used the same photo
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        calls.startSession(tenant.ingestKey(), SESSION_1, clock.millis() - 10_000);
        calls.startSession(tenant.ingestKey(), SESSION_2, clock.millis() - 5_000);
        assertThat(record(tenant.ingestKey(), SESSION_1, PHOTO)).isEqualTo(1);
        assertThat(record(tenant.ingestKey(), SESSION_2, PHOTO)).isZero();
        assertThat(calls.storedCopies(tenant.apiKey(), SESSION_1).size()).isEqualTo(1);

        // when the first session is deleted
        assertThat(new SessionsHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("DELETE", "/v1/sessions/{id}")
                                        .path("id", SESSION_1)
                                        .bearer(tenant.apiKey())
                                        .build(),
                                null)
                        .getStatusCode())
                .isEqualTo(204);

        // then its chunks, which named the photo's copy, went with it, and the photo stays for the other session
        assertThat(keys(tenant.tenantId(), ChunkBucket.sessionPrefix(tenant.tenantId(), SESSION_1)))
                .isEmpty();
        assertThat(keys(tenant.tenantId(), AssetBucket.storedPrefix(tenant.tenantId())))
                .hasSize(1);
        assertThat(AssetCalls.get(calls.storedCopies(tenant.apiKey(), SESSION_2)
                        .get(PHOTO.url())
                        .asText()))
                .isEqualTo(PHOTO.bytes());
    }

    @Test
    void theSweepDeletesTheCopiesNoSessionInRetentionReferences() {
        // given a tenant (30 days' retention) that stored a photo and a font
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        record(tenant.ingestKey(), SESSION_1, PHOTO, FONT);

        // and, 20 days later, a session that used the font again
        clock.advance(Duration.ofDays(20));
        assertThat(record(tenant.ingestKey(), SESSION_2, FONT)).isZero();

        // when the retention sweep runs 32 days after the first session
        clock.advance(Duration.ofDays(12));
        Map<String, Object> report = new RetentionSweepHandler(rewind).handleRequest(Map.of(), null);

        // then the photo, referenced only by a session past retention, is gone; the font stays
        assertThat(report).containsEntry(AssetSweep.ASSETS_DELETED, 1);
        assertThat(keys(tenant.tenantId(), AssetBucket.storedPrefix(tenant.tenantId())))
                .containsExactly(AssetBucket.storedKey(tenant.tenantId(), FONT.hash()));
    }

    @Test
    void erasingATenantDeletesAllItsAssetsAndNothingOfAnotherTenant() {
        // given two tenants that both stored the photo, one with an upload still waiting
        Tenants.SignedUp gone = Tenants.signUp(rewind, "Gone");
        Tenants.SignedUp other = Tenants.signUp(rewind, "Other");
        record(gone.ingestKey(), SESSION_1, PHOTO);
        calls.offer(gone.ingestKey(), SESSION_1, FONT).forEach(u -> AssetCalls.put(u, FONT.bytes(), FONT.type()));
        record(other.ingestKey(), SESSION_1, PHOTO);
        assertThat(keys(gone.tenantId(), AssetBucket.uploadPrefix(gone.tenantId())))
                .hasSize(1);

        // when the first tenant's assets are erased
        int erased = rewind.assets.eraseTenant(gone.tenantId());

        // then every copy and upload of it is gone, and the other tenant's copy is intact
        assertThat(erased).isEqualTo(2);
        assertThat(keys(gone.tenantId(), AssetBucket.storedPrefix(gone.tenantId())))
                .isEmpty();
        assertThat(keys(gone.tenantId(), AssetBucket.uploadPrefix(gone.tenantId())))
                .isEmpty();
        assertThat(keys(other.tenantId(), AssetBucket.storedPrefix(other.tenantId())))
                .containsExactly(AssetBucket.storedKey(other.tenantId(), PHOTO.hash()));
    }
}
