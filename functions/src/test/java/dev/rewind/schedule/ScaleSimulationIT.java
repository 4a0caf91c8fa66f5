package dev.rewind.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.DynamoSessionIndex;
import dev.rewind.aws.DynamoTenantStore;
import dev.rewind.aws.SessionItem;
import dev.rewind.aws.SqsWorkQueue;
import dev.rewind.common.Metrics;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.IdleSessions;
import dev.rewind.ingest.Ingestion;
import dev.rewind.lambda.ScheduledWorkHandler;
import dev.rewind.priming.InMemoryRewind;
import dev.rewind.retention.RetentionSweep;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.AssetStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryTenantStore;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.LambdaContexts;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.SqsQueues;
import dev.rewind.usage.UsageMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The scheduled jobs at scale on the emulator (docs/SCALE.md, "Simulated"): many tenants, each with
 * expired and young sessions written with BatchWriteItem; the sweep and the idle finisher planned and
 * drained by several pollers in-process; the figures printed. In the test suite it is small (200
 * tenants); {@code make scale} runs it with -Dscale.tenants=5000 -Dscale.sessions=50000.
 */
class ScaleSimulationIT {
    private static final int TENANTS = Integer.getInteger("scale.tenants", 200);
    private static final int SESSIONS = Integer.getInteger("scale.sessions", 1_000);
    private static final int POLLERS = Integer.getInteger("scale.pollers", 4);
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
    private static final SqsClient SQS = AwsClients.sqs();
    /**
     * Messages the planner lets wait in the queue before it sends more. SQS takes millions; moto computes the
     * queue's counts for each message on every receive, so a long queue slows it quadratically. With the
     * pollers draining while the planner sends (as the event source does in AWS), a run's time is still the
     * workers' throughput, which is what it measures.
     */
    private static final int BACKLOG = 200;

    /**
     * Where the tables and buckets are: {@code aws}, wherever the AWS clients point (the emulator in the suite's
     * run), or {@code memory}: the unit tests' in-memory stores, the queue still on the emulator. {@code make scale} uses memory, because moto sorts a
     * table's every item on each Query of an index (docs/SCALE.md, "Simulated").
     */
    private static final boolean TABLES_IN_MEMORY = "memory".equals(System.getProperty("scale.tables", "aws"));

    private final MutableClock clock = MutableClock.now();
    private final InMemoryTenantStore memoryTenants = new InMemoryTenantStore();
    private final InMemorySessionIndex memoryIndex = new InMemorySessionIndex();
    private final InMemoryChunkStore memoryChunks = new InMemoryChunkStore();
    private final Rewind rewind = TABLES_IN_MEMORY ? inMemoryRewind() : Emulator.freshRewind(clock);
    private final SqsQueues.Queue queue =
            SqsQueues.create(SQS, "it-scale-" + UUID.randomUUID().toString().substring(0, 8), 3);
    private final List<WorkMessage> sent = Collections.synchronizedList(new ArrayList<>());
    private final WorkQueue workQueue = messages -> {
        waitForBacklogBelow(BACKLOG);
        SqsWorkQueue.create(SQS, queue.url()).send(messages);
        sent.addAll(messages);
    };

    @Test
    void everyTenantIsReachedWithConstantWorkEachAndExpiredSessionsAreErasedWithinTheInterval() {
        // given TENANTS tenants and SESSIONS sessions spread over them: half started 40 days ago, half an hour and a
        // half ago
        long loadStart = System.nanoTime();
        List<String> tenantIds = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            tenantIds.add(String.format("t_scale%05d", i));
        }
        Map<String, List<String>> young = load(tenantIds);
        System.out.printf(
                "loaded %d tenants, %d sessions %s in %.1f s%n",
                TENANTS, SESSIONS, TABLES_IN_MEMORY ? "into memory" : "with BatchWriteItem", seconds(loadStart));

        // when the retention sweep runs twice, then the idle finisher
        Run sweep = run(Job.RETENTION_SWEEP);
        Run again = run(Job.RETENTION_SWEEP);
        Run idle = run(Job.FINISH_IDLE_SESSIONS);

        // then each run reached every tenant with one message, erased every expired session well within the
        // interval, kept and then finished the young ones
        for (Run run : List.of(sweep, again, idle)) {
            assertThat(run.partsByTenant.keySet()).as(run.job.id).containsExactlyInAnyOrderElementsOf(tenantIds);
            assertThat(run.maxParts).as(run.job.id).isEqualTo(1);
            assertThat(run.drained.failures()).isZero();
        }
        assertThat(sweep.seconds).isLessThan(RetentionSweep.INTERVAL.toSeconds());
        assertThat(idle.seconds).isLessThan(IdleSessions.INTERVAL.toSeconds());
        long now = clock.millis();
        int left = 0;
        int open = 0;
        for (String tenantId : tenantIds) {
            Tenant tenant = rewind.tenants.find(tenantId).orElseThrow();
            left += rewind.sessions
                    .startedBefore(tenantId, tenant.visibleFrom(now), null, 100)
                    .size();
            List<String> kept = rewind.sessions.startedBefore(tenantId, Long.MAX_VALUE, null, 1000).stream()
                    .map(e -> e.sessionId())
                    .sorted()
                    .toList();
            assertThat(kept)
                    .as(tenantId)
                    .isEqualTo(young.get(tenantId).stream().sorted().toList());
            open += rewind.sessions
                    .openStartedBefore(tenantId, Long.MAX_VALUE, null, 100)
                    .sessions()
                    .size();
        }
        assertThat(left).isZero();
        assertThat(open).isZero();
        System.out.printf("%s%n%s%n%s%n", sweep, again, idle);
    }

    /** One scheduled run: planned while the pollers drain what the planner has sent so far, as in AWS; timed. */
    private Run run(Job job) {
        sent.clear();
        long start = System.nanoTime();
        CompletableFuture<Planner.Plan> planning =
                CompletableFuture.supplyAsync(() -> rewind.planner(workQueue).plan(job, null, Duration.ofMinutes(4)));
        SqsQueues.Drained drained = SqsQueues.drain(
                SQS,
                queue,
                new ScheduledWorkHandler(rewind, workQueue),
                LambdaContexts.remaining("ScheduledWork", 120_000),
                POLLERS,
                5,
                () -> !planning.isDone());
        Planner.Plan plan = planning.join();
        double seconds = seconds(start);
        Map<String, Long> parts = sent.stream()
                .filter(m -> !m.planning())
                .collect(Collectors.groupingBy(WorkMessage::tenantId, TreeMap::new, Collectors.counting()));
        return new Run(
                job,
                plan,
                drained,
                parts,
                parts.values().stream().mapToLong(Long::longValue).max().orElse(0),
                seconds);
    }

    private record Run(
            Job job,
            Planner.Plan plan,
            SqsQueues.Drained drained,
            Map<String, Long> partsByTenant,
            long maxParts,
            double seconds) {
        @Override
        public String toString() {
            return String.format(
                    "%s: %d tenants planned in %d Scan pages, %d messages in %d worker invocations, "
                            + "at most %d part(s) per tenant, %.1f s (%.0f tenants/s with %d pollers)",
                    job.id,
                    plan.tenants(),
                    plan.pages(),
                    drained.messages(),
                    drained.invocations(),
                    maxParts,
                    seconds,
                    plan.tenants() / seconds,
                    POLLERS);
        }
    }

    /** Writes the tenants and their sessions; returns each tenant's young session ids. */
    private Map<String, List<String>> load(List<String> tenantIds) {
        long created = clock.millis() - Duration.ofDays(41).toMillis();
        List<Tenant> tenants = tenantIds.stream()
                .map(id -> Tenant.create(id, id, "owner@" + id + ".example", created))
                .toList();
        // each session's item as ingest leaves it, made in memory (and, on the emulator, then written in batches)
        InMemorySessionIndex index = TABLES_IN_MEMORY ? memoryIndex : new InMemorySessionIndex();
        MutableClock at = new MutableClock(clock.instant());
        Ingestion ingestion = new Ingestion(
                TABLES_IN_MEMORY ? memoryChunks : new InMemoryChunkStore(),
                index,
                new InMemoryHotspots(index),
                new UsageMeter(new InMemoryUsageStore(), at),
                Metrics.NONE,
                at);
        Map<String, List<String>> young = new TreeMap<>();
        List<SessionRecord> records = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            Tenant tenant = tenants.get(i % tenants.size());
            boolean expired = i % 2 == 0;
            String sessionId = String.format("session-%08d-%s", i, expired ? "old" : "new");
            at.set(clock.instant().minus(expired ? Duration.ofDays(40) : Duration.ofMinutes(90)));
            ingestion.ingest(
                    tenant,
                    ChunkParser.parse(
                            Chunks.gzip(Chunks.envelope(sessionId, 0, Chunks.events(at.millis(), 3))), at.millis()),
                    USER_AGENT);
            records.add(index.stored(tenant.tenantId(), sessionId).orElseThrow());
            if (!expired) {
                young.computeIfAbsent(tenant.tenantId(), t -> new ArrayList<>()).add(sessionId);
            }
        }
        tenantIds.forEach(id -> young.putIfAbsent(id, List.of()));
        if (TABLES_IN_MEMORY) {
            tenants.forEach(tenant -> memoryTenants.create(tenant, "ik-" + tenant.tenantId(), null, null));
        } else {
            writeToEmulator(tenants, records);
        }
        return young;
    }

    private void writeToEmulator(List<Tenant> tenants, List<SessionRecord> records) {
        // no extensions: the versioned-record one would add a condition, which BatchWriteItem cannot carry
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(Emulator.DYNAMO)
                .extensions()
                .build();
        long expiresAt = clock.instant().plus(Duration.ofDays(400)).getEpochSecond();
        write(
                enhanced,
                enhanced.table(rewind.config.tenantsTable(), DynamoTenantStore.TENANT_SCHEMA),
                DynamoTenantStore.TenantItem.class,
                tenants.stream().map(DynamoTenantStore::toItem).toList());
        write(
                enhanced,
                enhanced.table(rewind.config.sessionsTable(), SessionItem.SCHEMA),
                SessionItem.class,
                records.stream()
                        .map(record -> DynamoSessionIndex.toItem(record, expiresAt))
                        .toList());
    }

    private Rewind inMemoryRewind() {
        return new Rewind(
                InMemoryRewind.config(),
                clock,
                memoryTenants,
                memoryChunks,
                memoryIndex,
                null,
                null,
                null,
                new InMemoryUsageStore(),
                AssetStore.NONE,
                new InMemoryHotspots(memoryIndex),
                Metrics.NONE);
    }

    /** BatchWriteItem, 25 items a request, what DynamoDB left unprocessed sent again. */
    private static <T> void write(
            DynamoDbEnhancedClient enhanced, DynamoDbTable<T> table, Class<T> type, List<T> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<T> batch = items.subList(from, Math.min(items.size(), from + 25));
            while (!batch.isEmpty()) {
                WriteBatch.Builder<T> write = WriteBatch.builder(type).mappedTableResource(table);
                batch.forEach(write::addPutItem);
                BatchWriteResult result = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(write.build())
                        .build());
                batch = result.unprocessedPutItemsForTable(table);
            }
        }
    }

    /** Polls the queue's visible count, at most a minute: the pollers drain it. */
    private void waitForBacklogBelow(int max) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (Integer.parseInt(SQS.getQueueAttributes(r -> r.queueUrl(queue.url())
                                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                >= max) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the work queue did not drain below " + max + " in a minute");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
