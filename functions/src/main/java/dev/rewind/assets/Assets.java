package dev.rewind.assets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Refused;
import dev.rewind.frustration.RecorderTags;
import dev.rewind.frustration.Rrweb;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.IngestLimits;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.AssetStore;
import dev.rewind.storage.ChunkStore;
import dev.rewind.tenants.Tenant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images, fonts and stylesheets a recorded page used, stored once per tenant so that replays look
 * right after the site's own copies are gone (docs/ASSETS.md). The recorder offers what it hashed; the
 * tenant's missing hashes get a presigned upload; a commit checks each upload's bytes against its hash,
 * size and type before it becomes the stored copy. The recorder then names the copies the tenant holds in
 * the recording itself ({@link RecorderTags#ASSET} events), and the replay reads that map from the
 * session's chunks as short-lived URLs of the stored copies.
 */
public final class Assets {
    /** One asset as the recorder describes it. */
    public record Offered(String url, String hash, long size, String contentType) {}

    /** A recorded URL and the hash of the bytes it served, as a commit names it. */
    public record Reference(String url, String hash) {}

    /** A presigned upload for one missing hash. */
    public record Upload(String hash, String url, Map<String, String> headers) {}

    /** What a commit found for one hash; only {@code STORED} is kept. */
    public enum Check {
        STORED,
        NOT_UPLOADED,
        HASH_MISMATCH,
        TOO_LARGE,
        TYPE_NOT_ALLOWED
    }

    /**
     * Copies this process saw referenced recently, by tenant and hash, with their last reference as stored.
     * While that is under half of {@link AssetLimits#TOUCH_AFTER} old an offer needs no HEAD for it: it
     * cannot be swept (that takes a retention and a day) and needs no touch yet. Most offers of a busy
     * tenant then cost no S3 request at all (docs/ASSETS.md, "Cost").
     */
    private final Map<String, Instant> recentlyReferenced = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > AssetLimits.RECENTLY_REFERENCED_KEPT;
        }
    };

    private final AssetStore store;
    private final ChunkStore chunks;
    private final Clock clock;
    private final Duration readUrlValidity;

    public Assets(AssetStore store, ChunkStore chunks, Clock clock) {
        this(store, chunks, clock, AssetLimits.READ_URL_VALIDITY);
    }

    /** With the replay's copy URLs valid for {@code readUrlValidity} ({@link AssetLimits#readUrlValidity}). */
    public Assets(AssetStore store, ChunkStore chunks, Clock clock, Duration readUrlValidity) {
        if (readUrlValidity.isNegative() || readUrlValidity.isZero()) {
            throw new IllegalArgumentException("the copies' URLs must be valid for some time");
        }
        this.store = store;
        this.chunks = chunks;
        this.clock = clock;
        this.readUrlValidity = readUrlValidity;
    }

    /**
     * How long the URLs of {@link #storedCopies} work: the replay renews them before that (docs/ASSETS.md,
     * "Replay").
     */
    public Duration readUrlValidity() {
        return readUrlValidity;
    }

    private boolean referencedRecently(String tenantId, String hash) {
        Instant fresh = clock.instant().minus(AssetLimits.TOUCH_AFTER.dividedBy(2));
        synchronized (recentlyReferenced) {
            Instant at = recentlyReferenced.get(tenantId + "/" + hash);
            return at != null && at.isAfter(fresh);
        }
    }

    private void referenced(String tenantId, String hash, Instant at) {
        synchronized (recentlyReferenced) {
            recentlyReferenced.put(tenantId + "/" + hash, at);
        }
    }

    /**
     * The uploads the tenant still needs among {@code offered} (at most one per hash); the stored copies of
     * those it has are touched (the recorder names them in the recording).
     */
    public List<Upload> offer(Tenant tenant, JsonNode body) {
        List<Offered> offered = parseOffered(body);
        Map<String, Offered> byHash = new LinkedHashMap<>();
        offered.forEach(o -> byHash.putIfAbsent(o.hash(), o));
        List<Upload> uploads = new ArrayList<>();
        Instant touchBefore = clock.instant().minus(AssetLimits.TOUCH_AFTER);
        for (Offered o : byHash.values()) {
            if (referencedRecently(tenant.tenantId(), o.hash())) {
                continue;
            }
            Optional<AssetStore.Stored> stored = store.stored(tenant.tenantId(), o.hash());
            if (stored.isPresent()) {
                Instant referencedAt = stored.get().referencedAt();
                if (referencedAt.isBefore(touchBefore)) {
                    referencedAt = clock.instant();
                    store.touch(tenant.tenantId(), o.hash(), stored.get().contentType(), referencedAt);
                }
                referenced(tenant.tenantId(), o.hash(), referencedAt);
            } else {
                AssetStore.UploadUrl url = store.uploadUrl(
                        tenant.tenantId(), o.hash(), o.size(), o.contentType(), AssetLimits.UPLOAD_URL_VALIDITY);
                uploads.add(new Upload(o.hash(), url.url(), url.headers()));
            }
        }
        return uploads;
    }

    /**
     * Checks the uploads of {@code body}'s hashes: an upload becomes the stored copy only when its bytes
     * hash to its name, fit the size limit and have an allowed type; a bad one is deleted.
     */
    public Map<String, Check> commit(Tenant tenant, JsonNode body) {
        Map<String, Check> checks = new LinkedHashMap<>();
        for (Reference r : parseReferences(body)) {
            checks.computeIfAbsent(r.hash(), hash -> check(tenant.tenantId(), hash));
        }
        return checks;
    }

    private Check check(String tenantId, String hash) {
        if (store.stored(tenantId, hash).isPresent()) {
            return Check.STORED;
        }
        Optional<AssetStore.Upload> found = store.upload(tenantId, hash, AssetLimits.MAX_ASSET_BYTES);
        if (found.isEmpty()) {
            return Check.NOT_UPLOADED;
        }
        AssetStore.Upload upload = found.get();
        String type = AssetLimits.allowedType(upload.contentType());
        Check check = upload.bytes() == null
                ? Check.TOO_LARGE
                : type == null
                        ? Check.TYPE_NOT_ALLOWED
                        : !sha256(upload.bytes()).equals(hash) ? Check.HASH_MISMATCH : Check.STORED;
        if (check == Check.STORED) {
            Instant now = clock.instant();
            store.store(tenantId, hash, upload.bytes(), type, now);
            referenced(tenantId, hash, now);
        }
        store.deleteUpload(tenantId, hash);
        return check;
    }

    /**
     * The session's recorded URLs that its recorder named as stored copies ({@link RecorderTags#ASSET}
     * events, in the chunks of {@link SessionRecord#assetSeqs}), each with a short-lived URL of its copy,
     * valid for {@link #readUrlValidity()} from now. A name the tenant holds no copy of plays from a URL that
     * finds nothing, for this tenant's own replay only.
     */
    public Map<String, String> storedCopies(Tenant tenant, SessionRecord session) {
        Map<String, String> hashByUrl = new LinkedHashMap<>();
        for (int seq : session.assetSeqs) {
            Optional<byte[]> chunk = chunks.get(tenant.tenantId(), session.sessionId, seq);
            if (chunk.isEmpty()) {
                continue; // deleted with its session meanwhile
            }
            for (JsonNode event : ChunkParser.readStored(chunk.get()).path("events")) {
                if (!Rrweb.isCustom(event, RecorderTags.ASSET)) {
                    continue;
                }
                for (JsonNode named : event.path("data").path("payload").path("assets")) {
                    String url = named.path("url").asText("");
                    String hash = named.path("hash").asText("");
                    if (hashByUrl.size() < AssetLimits.MAX_REFERENCES_PER_SESSION
                            && !url.isEmpty()
                            && url.length() <= AssetLimits.MAX_URL_CHARS
                            && AssetLimits.HASH.matcher(hash).matches()) {
                        hashByUrl.putIfAbsent(url, hash);
                    }
                }
            }
        }
        Map<String, String> readUrls = new LinkedHashMap<>();
        Map<String, String> copies = new LinkedHashMap<>();
        hashByUrl.forEach((url, hash) -> copies.put(
                url, readUrls.computeIfAbsent(hash, h -> store.readUrl(tenant.tenantId(), h, readUrlValidity))));
        return copies;
    }

    /**
     * Deletes the stored copies no session inside the tenant's retention can use: those not touched since
     * the retention edge (less {@link AssetLimits#TOUCH_AFTER}, the touch's granularity), and uploads that
     * were never committed.
     */
    public int sweep(Tenant tenant) {
        Instant now = clock.instant();
        Instant edge =
                Instant.ofEpochMilli(tenant.visibleFrom(now.toEpochMilli())).minus(AssetLimits.TOUCH_AFTER);
        return store.deleteUnused(tenant.tenantId(), edge, now.minus(AssetLimits.UPLOAD_KEPT));
    }

    /** Every stored copy and upload of the tenant, at once (the organization is being deleted). */
    public int eraseTenant(String tenantId) {
        synchronized (recentlyReferenced) {
            recentlyReferenced.keySet().removeIf(key -> key.startsWith(tenantId + "/"));
        }
        return store.deleteTenant(tenantId);
    }

    public static void requireSessionId(String sessionId) {
        if (sessionId == null || !IngestLimits.SESSION_ID.matcher(sessionId).matches()) {
            throw new Refused(Refused.Reason.INVALID_SESSION_ID, "sessionId must match [A-Za-z0-9_-]{16,64}");
        }
    }

    static List<Offered> parseOffered(JsonNode body) {
        List<Offered> offered = new ArrayList<>();
        for (JsonNode node : assetList(body)) {
            String url = url(node);
            String hash = hash(node);
            JsonNode size = node.get("size");
            if (size == null || !size.isIntegralNumber() || size.asLong() < 1) {
                throw invalid("size must be a positive integer (bytes)");
            }
            if (size.asLong() > AssetLimits.MAX_ASSET_BYTES) {
                throw new Refused(
                        Refused.Reason.ASSET_TOO_LARGE,
                        "an asset may have at most " + AssetLimits.MAX_ASSET_BYTES + " bytes");
            }
            String type = AssetLimits.allowedType(
                    node.path("type").isTextual() ? node.get("type").asText() : null);
            if (type == null) {
                throw new Refused(
                        Refused.Reason.ASSET_TYPE_NOT_ALLOWED,
                        "type must be an image, font or stylesheet type (docs/ASSETS.md)");
            }
            offered.add(new Offered(url, hash, size.asLong(), type));
        }
        return offered;
    }

    static List<Reference> parseReferences(JsonNode body) {
        List<Reference> references = new ArrayList<>();
        for (JsonNode node : assetList(body)) {
            references.add(new Reference(url(node), hash(node)));
        }
        return references;
    }

    private static JsonNode assetList(JsonNode body) {
        JsonNode assets = body.get("assets");
        if (assets == null || !assets.isArray() || assets.isEmpty()) {
            throw invalid("assets must be a non-empty array");
        }
        if (assets.size() > AssetLimits.MAX_ASSETS_PER_REQUEST) {
            throw new Refused(
                    Refused.Reason.TOO_MANY_ASSETS,
                    "at most " + AssetLimits.MAX_ASSETS_PER_REQUEST + " assets per request");
        }
        for (JsonNode node : assets) {
            if (!node.isObject()) {
                throw invalid("each asset must be an object");
            }
        }
        return assets;
    }

    private static String url(JsonNode node) {
        JsonNode url = node.get("url");
        if (url == null
                || !url.isTextual()
                || url.asText().length() > AssetLimits.MAX_URL_CHARS
                || !(url.asText().startsWith("https://") || url.asText().startsWith("http://"))) {
            throw invalid("url must be an http(s) URL of at most " + AssetLimits.MAX_URL_CHARS + " characters");
        }
        return url.asText();
    }

    private static String hash(JsonNode node) {
        JsonNode hash = node.get("hash");
        if (hash == null
                || !hash.isTextual()
                || !AssetLimits.HASH.matcher(hash.asText()).matches()) {
            throw invalid("hash must be the SHA-256 of the bytes in lower-case hex");
        }
        return hash.asText();
    }

    private static Refused invalid(String message) {
        return new Refused(Refused.Reason.INVALID_ASSET, message);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
