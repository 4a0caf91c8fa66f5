package dev.rewind.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.aws.AwsClients;
import dev.rewind.common.Json;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.storage.ChunkBucket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * `make load`: N simulated visitors send gzip chunks to a running local runner for M minutes, each
 * like the recorder (a chunk every few seconds, retried on 503 / network errors with backoff). Then
 * every acknowledged chunk is looked up in S3 and compared by SHA-256 of its bytes.
 * Arguments: baseUrl sessions minutes chunkIntervalMs.
 */
public final class LoadGenerator {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String ingestKey;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // s3 key -> sha256
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private final String tenantId;

    private LoadGenerator(String baseUrl, String ingestKey, String tenantId) {
        this.baseUrl = baseUrl;
        this.ingestKey = ingestKey;
        this.tenantId = tenantId;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args.length > 0 ? args[0] : "http://localhost:8080";
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 2000;

        HttpClient http = HttpClient.newHttpClient();
        JsonNode tenant = Json.MAPPER.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/signup"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"load@rewind.local\",\"organization\":\"Load test\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String tenantId = tenant.get("tenantId").asText();
        LoadGenerator load = new LoadGenerator(baseUrl, tenant.get("ingestKey").asText(), tenantId);

        long started = System.nanoTime();
        long endAt = System.currentTimeMillis() + (long) (minutes * 60_000);
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(Math.min(64, sessions));
        for (int s = 0; s < sessions; s++) {
            String sessionId = String.format(
                    "load-%04d-%s",
                    s, Long.toHexString(ThreadLocalRandom.current().nextLong()));
            pool.schedule(
                    () -> load.visit(sessionId, endAt, intervalMs),
                    ThreadLocalRandom.current().nextLong(intervalMs),
                    TimeUnit.MILLISECONDS);
        }
        pool.shutdown();
        pool.awaitTermination((long) (minutes * 60 + 300), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;

        // every acknowledged chunk must be in S3 with the same bytes
        S3Client s3 = AwsClients.s3();
        String bucket = System.getenv().getOrDefault("LOAD_BUCKET", ChunkBucket.name());
        long found = 0;
        long lost = 0;
        for (Map.Entry<String, String> chunk : load.acknowledged.entrySet()) {
            try {
                byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(chunk.getKey()))
                        .asByteArray();
                if (sha256(stored).equals(chunk.getValue())) {
                    found++;
                } else {
                    lost++;
                }
            } catch (RuntimeException missing) {
                lost++;
            }
        }
        System.out.printf(
                "load: %d sessions for %.1f min, a chunk every %d ms per session, tenant %s%n",
                sessions, minutes, intervalMs, tenantId);
        System.out.printf(
                "load: chunks sent %d (retries %d, refused 4xx %d), acknowledged %d, found in S3 by checksum %d, lost %d%n",
                load.sent.get(), load.retries.get(), load.refused.get(), load.acknowledged.size(), found, lost);
        System.out.printf(
                "load: %.0f acknowledged chunks/s, %.1f MB gzip sent in %.0f s%n",
                load.acknowledged.size() / seconds, load.bytes.get() / 1e6, seconds);
        if (lost > 0 || load.refused.get() > 0) {
            System.exit(1);
        }
    }

    private void visit(String sessionId, long endAt, long intervalMs) {
        long t = System.currentTimeMillis() - 1000;
        for (int seq = 0; System.currentTimeMillis() < endAt && seq < 4999; seq++) {
            StringJoiner events = new StringJoiner(",", "[", "]");
            if (seq == 0) {
                events.add("{\"type\":4,\"timestamp\":" + t
                        + ",\"data\":{\"href\":\"https://load.example/\",\"width\":1280,\"height\":720}}");
            }
            for (int i = 0; i < 40; i++) {
                t += 25;
                events.add("{\"type\":3,\"timestamp\":" + t + ",\"data\":{\"source\":1,\"positions\":[{\"x\":" + i
                        + ",\"y\":" + (i * 3) + ",\"id\":4,\"timeOffset\":0}]}}");
            }
            t += 10;
            events.add("{\"type\":3,\"timestamp\":" + t
                    + ",\"data\":{\"source\":2,\"type\":2,\"id\":7,\"x\":120,\"y\":40}}");
            String body = "{\"sessionId\":\"" + sessionId + "\",\"seq\":" + seq
                    + ",\"meta\":{\"url\":\"https://load.example/\"},\"events\":" + events + "}";
            byte[] gzip = ChunkParser.gzip(body.getBytes(StandardCharsets.UTF_8));
            send(sessionId, seq, gzip);
            sleep(intervalMs);
            t = Math.max(t, System.currentTimeMillis() - 1000);
        }
    }

    private void send(String sessionId, int seq, byte[] gzip) {
        for (int attempt = 0; attempt < 10; attempt++) {
            sent.incrementAndGet();
            bytes.addAndGet(gzip.length);
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/ingest?key=" + ingestKey))
                                .header("content-type", "application/x-www-form-urlencoded")
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    acknowledged.put(ChunkBucket.chunkKey(tenantId, sessionId, seq), sha256(gzip));
                    return;
                }
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    refused.incrementAndGet();
                    System.err.println("load: refused " + response.statusCode() + " " + response.body());
                    return;
                }
            } catch (Exception networkError) {
                // retried below
            }
            retries.incrementAndGet();
            sleep(Math.min(5000, 100L << attempt) + ThreadLocalRandom.current().nextLong(100));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
