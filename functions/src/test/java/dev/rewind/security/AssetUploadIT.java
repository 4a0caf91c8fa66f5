package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.assets.AssetLimits;
import dev.rewind.storage.AssetBucket;
import dev.rewind.testing.AssetCalls;
import dev.rewind.testing.AssetCalls.Asset;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The presigned asset uploads and tenant isolation of stored assets (docs/ASSETS.md, docs/SECURITY.md).
 * moto does not check signatures, so {@link PresignedUrls} checks each PUT as S3 does; the commit's own
 * check of the bytes is what the emulator shows.
 */
class AssetUploadIT {
    private static final String SESSION = "asset-upload-session-0001";
    private static final Asset PHOTO = new Asset(
            "https://shop.example/photo.png", "the victim's photo".getBytes(StandardCharsets.UTF_8), "image/png");

    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final AssetCalls calls = new AssetCalls(rewind);
    private final AwsCredentials credentials =
            DefaultCredentialsProvider.builder().build().resolveCredentials();

    /** The headers the browser sends with the upload: those it was given, and the length of its body. */
    private static Map<String, String> sent(JsonNode upload, long contentLength) {
        Map<String, String> headers = new HashMap<>();
        upload.get("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("content-length", Long.toString(contentLength));
        return headers;
    }

    @Test
    void aPresignedUploadWritesOneKeyWithOneSizeTypeAndHashForTwoMinutes() throws Exception {
        // given an upload the tenant's recorder was given for a photo
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Shop");
        JsonNode upload = calls.offer(tenant.ingestKey(), SESSION, PHOTO).get(0);
        String url = upload.get("url").asText();
        Instant now = Instant.now();
        long size = PHOTO.bytes().length;

        // then it signs the content type, the length and the SHA-256, and expires within two minutes
        Map<String, String> query = PresignedUrls.query(URI.create(url));
        assertThat(query.get("X-Amz-SignedHeaders").split(";"))
                .contains("content-length", "content-type", AssetBucket.CHECKSUM_HEADER, "host");
        assertThat(Long.parseLong(query.get("X-Amz-Expires"))).isEqualTo(AssetLimits.UPLOAD_URL_VALIDITY.toSeconds());
        assertThat(upload.at("/headers/" + AssetBucket.CHECKSUM_HEADER).asText())
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(PHOTO.hash())));

        // and S3 takes exactly the PUT of those bytes to that key and refuses every other
        assertThat(PresignedUrls.check("PUT", url, sent(upload, size), credentials, now))
                .isEqualTo(PresignedUrls.Verdict.VALID);
        Map<String, String> longer = sent(upload, size + 1);
        assertThat(PresignedUrls.check("PUT", url, longer, credentials, now))
                .as("another size")
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        Map<String, String> otherHash = sent(upload, size);
        otherHash.put(AssetBucket.CHECKSUM_HEADER, Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(PresignedUrls.check("PUT", url, otherHash, credentials, now))
                .as("another hash")
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        Map<String, String> otherType = sent(upload, size);
        otherType.put("content-type", "text/html");
        assertThat(PresignedUrls.check("PUT", url, otherType, credentials, now))
                .as("another type")
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        String storedKeyInstead = url.replace(
                AssetBucket.uploadKey(tenant.tenantId(), PHOTO.hash()),
                AssetBucket.storedKey(tenant.tenantId(), PHOTO.hash()));
        assertThat(storedKeyInstead).isNotEqualTo(url);
        assertThat(PresignedUrls.check("PUT", storedKeyInstead, sent(upload, size), credentials, now))
                .as("another key")
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        assertThat(PresignedUrls.check("GET", url, Map.of(), credentials, now))
                .as("a read")
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        assertThat(PresignedUrls.check(
                        "PUT",
                        url,
                        sent(upload, size),
                        credentials,
                        now.plus(AssetLimits.UPLOAD_URL_VALIDITY).plusSeconds(61)))
                .as("later")
                .isEqualTo(PresignedUrls.Verdict.EXPIRED);
    }

    @Test
    void noTenantReadsOrOverwritesAnotherTenantsAssets() throws Exception {
        // given a victim tenant that stored a photo
        Tenants.SignedUp victim = Tenants.signUp(rewind, "Victim");
        calls.startSession(victim.ingestKey(), SESSION, clock.millis() - 5_000);
        JsonNode victimUpload = calls.offer(victim.ingestKey(), SESSION, PHOTO).get(0);
        assertThat(AssetCalls.put(victimUpload, PHOTO.bytes(), PHOTO.type())).isEqualTo(200);
        assertThat(calls.commit(victim.ingestKey(), SESSION, PHOTO)).containsEntry(PHOTO.hash(), "stored");
        String victimKey = AssetBucket.storedKey(victim.tenantId(), PHOTO.hash());

        // and an attacker tenant that knows the photo's hash and URL, with a session of the same id
        Tenants.SignedUp attacker = Tenants.signUp(rewind, "Attacker");
        calls.startSession(attacker.ingestKey(), SESSION, clock.millis() - 5_000);

        // when it commits the hash without uploading: nothing of the victim's is referenced
        assertThat(calls.commit(attacker.ingestKey(), SESSION, PHOTO)).containsEntry(PHOTO.hash(), "not_uploaded");
        assertThat(calls.storedCopies(attacker.apiKey(), SESSION).size()).isZero();

        // when it offers the hash: it is missing for the attacker (the victim's copy is not even hinted at),
        // and its upload goes under its own prefix
        JsonNode attackerUpload =
                calls.offer(attacker.ingestKey(), SESSION, PHOTO).get(0);
        assertThat(attackerUpload.get("url").asText())
                .contains(AssetBucket.uploadKey(attacker.tenantId(), PHOTO.hash()))
                .doesNotContain(victim.tenantId());

        // when it uploads other bytes under that hash: refused, nothing stored anywhere
        byte[] forged = "the attacker's photo".getBytes(StandardCharsets.UTF_8);
        assertThat(AssetCalls.put(attackerUpload, forged, PHOTO.type())).isEqualTo(200);
        assertThat(calls.commit(attacker.ingestKey(), SESSION, PHOTO)).containsEntry(PHOTO.hash(), "hash_mismatch");

        // then the victim's copy is byte for byte what it stored, and the victim's replay reads it
        assertThat(Emulator.S3
                        .getObjectAsBytes(
                                r -> r.bucket(rewind.config.chunksBucket()).key(victimKey))
                        .asByteArray())
                .isEqualTo(PHOTO.bytes());
        assertThat(AssetCalls.get(calls.storedCopies(victim.apiKey(), SESSION)
                        .get(PHOTO.url())
                        .asText()))
                .isEqualTo(PHOTO.bytes());
        assertThat(rewind.chunks.keys(attacker.tenantId()))
                .noneMatch(k -> k.startsWith(AssetBucket.storedPrefix(attacker.tenantId())));

        // and when the attacker stores the real bytes itself, its replay reads its own copy, never the victim's
        JsonNode again = calls.offer(attacker.ingestKey(), SESSION, PHOTO).get(0);
        assertThat(AssetCalls.put(again, PHOTO.bytes(), PHOTO.type())).isEqualTo(200);
        assertThat(calls.commit(attacker.ingestKey(), SESSION, PHOTO)).containsEntry(PHOTO.hash(), "stored");
        String attackerCopy =
                calls.storedCopies(attacker.apiKey(), SESSION).get(PHOTO.url()).asText();
        assertThat(URI.create(attackerCopy).getPath())
                .endsWith(AssetBucket.storedKey(attacker.tenantId(), PHOTO.hash()));

        // and its copy's URL, turned to the victim's key, is refused as S3 refuses it; it expires within the hour
        Instant now = Instant.now();
        assertThat(PresignedUrls.check(attackerCopy, credentials, now)).isEqualTo(PresignedUrls.Verdict.VALID);
        assertThat(PresignedUrls.check(
                        attackerCopy.replace(AssetBucket.storedKey(attacker.tenantId(), PHOTO.hash()), victimKey),
                        credentials,
                        now))
                .isEqualTo(PresignedUrls.Verdict.BAD_SIGNATURE);
        assertThat(PresignedUrls.check(
                        attackerCopy,
                        credentials,
                        now.plus(AssetLimits.READ_URL_VALIDITY).plusSeconds(61)))
                .isEqualTo(PresignedUrls.Verdict.EXPIRED);
    }
}
