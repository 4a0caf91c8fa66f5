package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.IngestKeyCache;
import dev.rewind.lambda.AssetsHandler;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The recorder's side of asset capture, through the real handlers, and its uploads over HTTP to the emulator. */
public final class AssetCalls {
    public static final String ORIGIN = "https://shop.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Rewind rewind;
    private final AssetsHandler assets;
    private final SessionsHandler sessions;
    private final IngestHandler ingest;

    public AssetCalls(Rewind rewind) {
        this.rewind = rewind;
        this.assets = new AssetsHandler(rewind);
        this.sessions = new SessionsHandler(rewind);
        this.ingest = new IngestHandler(rewind);
    }

    /** One asset of a page: its URL, bytes and type. */
    public record Asset(String url, byte[] bytes, String type) {
        public String hash() {
            return sha256(bytes);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ApiEvents offerRequest(String ingestKey, String body) {
        return ApiEvents.request("POST", "/v1/assets")
                .query("key", ingestKey)
                .header("origin", ORIGIN)
                .text(body, "text/plain;charset=UTF-8");
    }

    public static ApiEvents commitRequest(String ingestKey, String body) {
        return ApiEvents.request("POST", "/v1/assets/commit")
                .query("key", ingestKey)
                .header("origin", ORIGIN)
                .text(body, "text/plain;charset=UTF-8");
    }

    public static String offerBody(String sessionId, Asset... assets) {
        ObjectNode body = Json.object().put("sessionId", sessionId);
        ArrayNode list = body.putArray("assets");
        for (Asset a : assets) {
            list.addObject()
                    .put("url", a.url())
                    .put("hash", a.hash())
                    .put("size", a.bytes().length)
                    .put("type", a.type());
        }
        return Json.write(body);
    }

    public static String commitBody(String sessionId, Asset... assets) {
        ObjectNode body = Json.object().put("sessionId", sessionId);
        ArrayNode list = body.putArray("assets");
        for (Asset a : assets) {
            list.addObject().put("url", a.url()).put("hash", a.hash());
        }
        return Json.write(body);
    }

    public APIGatewayV2HTTPResponse call(ApiEvents request) {
        return assets.handleRequest(request.build(), null);
    }

    /**
     * POST /v1/assets; the answer's uploads by hash. Then, as the recorder does, the assets the tenant had
     * are named in the recording ({@link #name}).
     */
    public JsonNode offer(String ingestKey, String sessionId, Asset... offered) {
        APIGatewayV2HTTPResponse response = call(offerRequest(ingestKey, offerBody(sessionId, offered)));
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("offer answered " + response.getStatusCode() + ": " + response.getBody());
        }
        JsonNode uploads = Tenants.read(response).get("uploads");
        List<String> missing = uploads.findValuesAsText("hash");
        name(
                ingestKey,
                sessionId,
                Arrays.stream(offered).filter(a -> !missing.contains(a.hash())).toList());
        return uploads;
    }

    /** POST /v1/assets/commit; the result by hash. Then, as the recorder does, the stored ones are named in the recording. */
    public Map<String, String> commit(String ingestKey, String sessionId, Asset... committed) {
        APIGatewayV2HTTPResponse response = call(commitRequest(ingestKey, commitBody(sessionId, committed)));
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("commit answered " + response.getStatusCode() + ": " + response.getBody());
        }
        Map<String, String> results = new java.util.LinkedHashMap<>();
        Tenants.read(response)
                .get("assets")
                .forEach(
                        a -> results.put(a.get("hash").asText(), a.get("result").asText()));
        name(
                ingestKey,
                sessionId,
                Arrays.stream(committed)
                        .filter(a -> "stored".equals(results.get(a.hash())))
                        .toList());
        return results;
    }

    /**
     * What the recorder does with the copies the tenant holds: the session's next chunk (seq 1 when it has
     * none yet: {@link #startSession} takes 0) with an {@code asset} event naming them (docs/ASSETS.md).
     */
    public void name(String ingestKey, String sessionId, List<Asset> stored) {
        if (stored.isEmpty()) {
            return;
        }
        ObjectNode event = Json.object().put("type", 5).put("timestamp", rewind.clock.millis());
        ObjectNode data = event.putObject("data").put("tag", "asset");
        ArrayNode list = data.putObject("payload").putArray("assets");
        stored.forEach(a -> list.addObject().put("url", a.url()).put("hash", a.hash()));
        String tenantId = new IngestKeyCache(rewind.tenants, rewind.clock)
                .tenantFor(ingestKey)
                .orElseThrow()
                .tenantId();
        int seq = rewind.sessions
                .load(tenantId, sessionId)
                .filter(r -> !r.seqs.isEmpty())
                .map(r -> r.seqs.last() + 1)
                .orElse(1);
        ingest(ingestKey, Chunks.envelope(sessionId, seq, "[" + Json.write(event) + "]"));
    }

    /** PUTs {@code bytes} with {@code contentType} to an upload's URL, with the headers it names; returns the status. */
    public static int put(JsonNode upload, byte[] bytes, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.get("headers")
                .fields()
                .forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        request.setHeader("content-type", contentType);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a URL (a stored copy); returns the bytes, or null unless 200. */
    public static byte[] get(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stores one small chunk of the session (seq 0), so that it exists for the console. */
    public void startSession(String ingestKey, String sessionId, long start) {
        ingest(ingestKey, Chunks.envelope(sessionId, 0, Chunks.events(start, 3)));
    }

    private void ingest(String ingestKey, String envelope) {
        APIGatewayV2HTTPResponse response = ingest.handleRequest(
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", ingestKey)
                        .header("origin", ORIGIN)
                        .text(envelope, "text/plain;charset=UTF-8")
                        .build(),
                null);
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("ingest answered " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    /** The session detail's map of recorded URL to stored copy. */
    public JsonNode storedCopies(String apiKey, String sessionId) {
        APIGatewayV2HTTPResponse response = sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions/{id}")
                        .path("id", sessionId)
                        .bearer(apiKey)
                        .build(),
                null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("detail answered " + response.getStatusCode() + ": " + response.getBody());
        }
        return Tenants.read(response).get("assets");
    }

    public Rewind rewind() {
        return rewind;
    }
}
