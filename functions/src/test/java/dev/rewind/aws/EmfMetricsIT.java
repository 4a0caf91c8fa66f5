package dev.rewind.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.schedule.Job;
import dev.rewind.schedule.WorkMessage;
import dev.rewind.tenants.Plan;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.InMemoryWorkQueue;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics (docs/DEPLOY.md, "Metrics"): the ingest handler and the scheduled jobs' worker,
 * invoked in the JVM on the AWS wiring, print CloudWatch Embedded Metric Format documents on stdout, in
 * the {@code Rewind} namespace, with the documented names, units and dimensions, and nothing of a tenant.
 */
class EmfMetricsIT {
    private static final String METRICS = "metrics-session-00001";
    private static final String REFUSED = "metrics-session-00002";

    @Test
    void ingestPrintsWhatWasStoredAndEveryRefusalByReasonWithoutATenant() {
        // given tenant A on a plan of 3 chunks a minute and 1 session a month, and tenant B
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:10Z"));
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp a = Tenants.signUp(rewind, "Measured");
        Tenants.SignedUp b = Tenants.signUp(rewind, "Other");
        rewind.tenants.update(rewind.tenants.find(a.tenantId()).orElseThrow().withPlan(new Plan(3, 1)));
        IngestHandler ingest = new IngestHandler(rewind);

        // when A starts a session, a second session over its quota, a second chunk, then one chunk over its rate;
        // B sends a body that is no chunk, and someone sends with a key that does not exist
        List<Integer> statuses = new ArrayList<>();
        List<JsonNode> documents = emf(() -> {
            statuses.add(status(ingest, chunk(a.ingestKey(), METRICS, 0, clock)));
            statuses.add(status(ingest, chunk(a.ingestKey(), REFUSED, 0, clock)));
            statuses.add(status(ingest, chunk(a.ingestKey(), METRICS, 1, clock)));
            statuses.add(status(ingest, chunk(a.ingestKey(), METRICS, 2, clock)));
            statuses.add(status(
                    ingest,
                    ApiEvents.request("POST", "/v1/ingest")
                            .query("key", b.ingestKey())
                            .text("not a chunk", "text/plain")
                            .build()));
            statuses.add(status(ingest, chunk("pk_" + "0".repeat(32), METRICS, 3, clock)));
            return null;
        });
        assertThat(statuses).containsExactly(202, 429, 202, 429, 400, 401);

        // then every document is EMF in the Rewind namespace; the stored chunks are counted with their bytes
        // and the one session they started, without dimensions
        assertThat(documents).hasSize(6).allSatisfy(EmfMetricsIT::isEmfInTheRewindNamespace);
        long storedBytes = rewind.chunks.get(a.tenantId(), METRICS, 0).orElseThrow().length
                + rewind.chunks.get(a.tenantId(), METRICS, 1).orElseThrow().length;
        List<JsonNode> stored = withMetric(documents, "ChunksStored");
        assertThat(stored).hasSize(2).allSatisfy(d -> {
            assertThat(units(d))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("ChunksStored", "Count", "ChunkBytes", "Bytes", "SessionsStarted", "Count"));
            assertThat(d.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[]]");
        });
        assertThat(sum(stored, "ChunksStored")).isEqualTo(2);
        assertThat(sum(stored, "SessionsStarted")).isEqualTo(1);
        assertThat(sum(stored, "ChunkBytes")).isEqualTo(storedBytes);
        // and each refusal is one ChunksRefused (Count) with its reason as the only dimension
        List<JsonNode> refused = withMetric(documents, "ChunksRefused");
        assertThat(refused).hasSize(4).allSatisfy(d -> {
            assertThat(units(d)).containsExactlyEntriesOf(Map.of("ChunksRefused", "Count"));
            assertThat(d.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Reason\"]]");
            assertThat(d.get("ChunksRefused").asDouble()).isEqualTo(1);
        });
        assertThat(refused.stream().map(d -> d.get("Reason").asText()))
                .containsExactly("quota_exceeded", "rate_limited", "invalid", "unauthorized");
        // and no document holds a tenant id, a key, a session id or the organization's name
        assertThat(documents)
                .allSatisfy(d -> assertThat(d.toString())
                        .doesNotContain(a.tenantId(), b.tenantId(), a.ingestKey(), b.ingestKey(), METRICS, REFUSED)
                        .doesNotContain("Measured", "Other"));
    }

    @Test
    void theScheduledJobsPrintTheSessionsTheyFinishedAndErased() {
        // given a tenant with one session, idle for 31 minutes
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:10Z"));
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp a = Tenants.signUp(rewind, "Scheduled");
        assertThat(status(new IngestHandler(rewind), chunk(a.ingestKey(), METRICS, 0, clock)))
                .isEqualTo(202);
        InMemoryWorkQueue queue = new InMemoryWorkQueue(3);
        ScheduledWorkHandler worker = new ScheduledWorkHandler(rewind, queue);
        clock.advance(Duration.ofMinutes(31));

        // when the idle finisher's part for the tenant runs, and 31 days later the retention sweep's
        List<JsonNode> finished = emf(() -> run(queue, worker, Job.FINISH_IDLE_SESSIONS, a.tenantId()));
        clock.advance(Duration.ofDays(31));
        List<JsonNode> erased = emf(() -> run(queue, worker, Job.RETENTION_SWEEP, a.tenantId()));

        // then each printed one document: one session finished, then one erased, counted without a dimension
        assertThat(finished).hasSize(1).allSatisfy(EmfMetricsIT::isEmfInTheRewindNamespace);
        assertThat(units(finished.get(0))).containsExactlyEntriesOf(Map.of("SessionsFinished", "Count"));
        assertThat(finished.get(0).get("SessionsFinished").asDouble()).isEqualTo(1);
        assertThat(erased).hasSize(1).allSatisfy(EmfMetricsIT::isEmfInTheRewindNamespace);
        assertThat(units(erased.get(0))).containsExactlyEntriesOf(Map.of("SessionsErased", "Count"));
        assertThat(erased.get(0).get("SessionsErased").asDouble()).isEqualTo(1);
        assertThat(rewind.sessions.load(a.tenantId(), METRICS)).isEmpty();
        assertThat(finished.get(0).toString() + erased.get(0)).doesNotContain(a.tenantId(), METRICS);
    }

    private static Void run(InMemoryWorkQueue queue, ScheduledWorkHandler worker, Job job, String tenantId) {
        queue.send(List.of(WorkMessage.tenant(job, tenantId, null)));
        queue.drain(worker, LambdaContexts.remaining("ScheduledWork", 120_000), 1);
        assertThat(queue.deadLetters()).isEmpty();
        return null;
    }

    private static void isEmfInTheRewindNamespace(JsonNode document) {
        assertThat(document.at("/_aws/Timestamp").isNumber()).isTrue();
        assertThat(document.at("/_aws/CloudWatchMetrics")).hasSize(1);
        assertThat(document.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Rewind");
    }

    /** Metric name → unit, as the document declares them. */
    private static Map<String, String> units(JsonNode document) {
        Map<String, String> units = new HashMap<>();
        document.at("/_aws/CloudWatchMetrics/0/Metrics")
                .forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
        return units;
    }

    private static List<JsonNode> withMetric(List<JsonNode> documents, String name) {
        return documents.stream().filter(d -> units(d).containsKey(name)).toList();
    }

    private static long sum(List<JsonNode> documents, String name) {
        return documents.stream().mapToLong(d -> d.get(name).asLong()).sum();
    }

    /** The EMF documents (the lines with an {@code _aws} member) printed on stdout while {@code work} runs. */
    private static List<JsonNode> emf(Supplier<Void> work) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.get();
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        original.print(printed);
        List<JsonNode> documents = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = parse(line);
                if (node.has("_aws")) {
                    documents.add(node);
                }
            }
        }
        return documents;
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static int status(IngestHandler ingest, APIGatewayV2HTTPEvent event) {
        return ingest.handleRequest(event, null).getStatusCode();
    }

    private static APIGatewayV2HTTPEvent chunk(String key, String sessionId, int seq, MutableClock clock) {
        return ApiEvents.request("POST", "/v1/ingest")
                .query("key", key)
                .binary(
                        Chunks.gzip(Chunks.envelope(sessionId, seq, Chunks.events(clock.millis() - 5_000, 3))),
                        "application/x-www-form-urlencoded")
                .build();
    }
}
