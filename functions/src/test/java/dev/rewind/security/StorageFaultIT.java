package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsStores;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.FaultProxy;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Faults (docs/SECURITY.md): S3 or DynamoDB unreachable, throttling or too slow. Every request
 * during the fault is answered 503 + Retry-After (never 500, never a 202 that is not durable); the chunks
 * refused are sent again after it, as the recorder does; then every chunk is in S3 and in the index.
 */
class StorageFaultIT {
    private static final int CHUNKS_BEFORE = 5;
    private static final int CHUNKS_AFTER = 5;
    private static final int EVENTS_PER_CHUNK = 3;
    /** Longer than the SDK's 5 s call timeout (AwsClients): a slow service is given up on, not waited for. */
    private static final long SLOW_MILLIS = 6_000;

    enum Service {
        S3,
        DYNAMODB
    }

    enum Scenario {
        S3_UNREACHABLE(Service.S3, null, 8),
        DYNAMODB_UNREACHABLE(Service.DYNAMODB, null, 8),
        S3_SLOW_DOWN(Service.S3, FaultInjectingHttpClient.Fault.THROTTLE, 8),
        DYNAMODB_THROUGHPUT_EXCEEDED(Service.DYNAMODB, FaultInjectingHttpClient.Fault.THROTTLE, 8),
        S3_SLOW(Service.S3, FaultInjectingHttpClient.Fault.SLOW, 2),
        DYNAMODB_SLOW(Service.DYNAMODB, FaultInjectingHttpClient.Fault.SLOW, 2);

        final Service service;
        /** Injected through the SDK's HTTP client; null: the endpoint goes away (a proxy is cut). */
        final FaultInjectingHttpClient.Fault injected;

        final int chunksDuringFault;

        Scenario(Service service, FaultInjectingHttpClient.Fault injected, int chunksDuringFault) {
            this.service = service;
            this.injected = injected;
            this.chunksDuringFault = chunksDuringFault;
        }
    }

    /** The clients as AwsClients builds them (standard retries, 5 s per call), over a faulty HTTP client and a proxy. */
    private static final ClientOverrideConfiguration AS_IN_PRODUCTION = ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.STANDARD)
            .apiCallTimeout(Duration.ofSeconds(5))
            .build();

    private static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void duringAStorageFaultTheApiAnswers503WithRetryAfterAndNoAcknowledgedChunkIsLost(Scenario scenario)
            throws Exception {
        // given the handlers reaching S3 and DynamoDB through proxies and HTTP clients we can break
        RewindConfig config = Emulator.freshConfig();
        MutableClock clock = MutableClock.now();
        Rewind direct = Rewind.create(config, clock);
        Tenants.SignedUp tenant = Tenants.signUp(direct, "Faults");
        URI emulator = URI.create(System.getenv("AWS_ENDPOINT_URL"));
        try (FaultProxy s3Proxy = new FaultProxy(emulator);
                FaultProxy dynamoProxy = new FaultProxy(emulator)) {
            FaultInjectingHttpClient s3Http = new FaultInjectingHttpClient(
                    http().build(), FaultInjectingHttpClient.Throttling.S3_SLOW_DOWN, SLOW_MILLIS);
            FaultInjectingHttpClient dynamoHttp = new FaultInjectingHttpClient(
                    http().build(), FaultInjectingHttpClient.Throttling.DYNAMODB_THROUGHPUT, SLOW_MILLIS);
            S3Client s3 = S3Client.builder()
                    .httpClient(s3Http)
                    .overrideConfiguration(AS_IN_PRODUCTION)
                    .forcePathStyle(true)
                    .endpointOverride(s3Proxy.endpoint())
                    .build();
            DynamoDbClient dynamo = DynamoDbClient.builder()
                    .httpClient(dynamoHttp)
                    .overrideConfiguration(AS_IN_PRODUCTION)
                    .endpointOverride(dynamoProxy.endpoint())
                    .build();
            Rewind faulty = Rewind.create(config, clock, AwsStores.of(dynamo, s3, config));
            IngestHandler ingest = new IngestHandler(faulty);
            SessionsHandler sessions = new SessionsHandler(faulty);
            String sessionId = "fault-session-" + scenario.name().toLowerCase().replace('_', '-');
            long start = clock.millis() - 60_000;
            int total = CHUNKS_BEFORE + scenario.chunksDuringFault + CHUNKS_AFTER;
            List<Integer> refused = new ArrayList<>();

            // when a recorder sends its chunks, and the fault strikes for a few of them
            for (int seq = 0; seq < CHUNKS_BEFORE; seq++) {
                assertThat(send(ingest, tenant, sessionId, seq, start).getStatusCode())
                        .isEqualTo(202);
            }
            FaultProxy proxy = scenario.service == Service.S3 ? s3Proxy : dynamoProxy;
            FaultInjectingHttpClient injector = scenario.service == Service.S3 ? s3Http : dynamoHttp;
            if (scenario.injected == null) {
                proxy.down();
            } else {
                injector.set(scenario.injected);
            }
            List<APIGatewayV2HTTPResponse> duringFault = new ArrayList<>();
            for (int seq = CHUNKS_BEFORE; seq < CHUNKS_BEFORE + scenario.chunksDuringFault; seq++) {
                APIGatewayV2HTTPResponse response = send(ingest, tenant, sessionId, seq, start);
                duringFault.add(response);
                if (response.getStatusCode() != 202) {
                    refused.add(seq);
                }
            }
            // the console's reads during the fault, too
            APIGatewayV2HTTPResponse list = sessions.handleRequest(
                    ApiEvents.request("GET", "/v1/sessions")
                            .bearer(tenant.apiKey())
                            .build(),
                    null);
            APIGatewayV2HTTPResponse detail = sessions.handleRequest(
                    ApiEvents.request("GET", "/v1/sessions/{id}")
                            .path("id", sessionId)
                            .bearer(tenant.apiKey())
                            .build(),
                    null);
            if (scenario.injected == null) {
                proxy.up();
            } else {
                injector.set(FaultInjectingHttpClient.Fault.NONE);
            }
            // the recorder sends the refused chunks again, then goes on
            for (int seq : refused) {
                assertThat(send(ingest, tenant, sessionId, seq, start).getStatusCode())
                        .isEqualTo(202);
            }
            for (int seq = CHUNKS_BEFORE + scenario.chunksDuringFault; seq < total; seq++) {
                assertThat(send(ingest, tenant, sessionId, seq, start).getStatusCode())
                        .isEqualTo(202);
            }

            // then every request during the fault got 503 + Retry-After, with the SDK's retries behind it
            assertThat(duringFault).allSatisfy(r -> {
                assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(503);
                assertThat(r.getHeaders()).containsEntry("retry-after", "2");
                assertThat(Tenants.read(r).at("/error/code").asText()).isEqualTo("service_unavailable");
            });
            for (APIGatewayV2HTTPResponse read : List.of(list, detail)) {
                assertThat(read.getStatusCode()).as(read.getBody()).isIn(200, 503);
                if (read.getStatusCode() == 503) {
                    assertThat(read.getHeaders()).containsKey("retry-after");
                }
            }
            if (scenario.service == Service.DYNAMODB) {
                assertThat(list.getStatusCode()).isEqualTo(503);
            }

            // and after recovery every chunk is in S3 and counted in the index, exactly once
            List<String> keys = direct.chunks.keys(tenant.tenantId());
            List<Integer> all = IntStream.range(0, total).boxed().toList();
            for (int seq : all) {
                assertThat(keys).contains(ChunkBucket.chunkKey(tenant.tenantId(), sessionId, seq));
            }
            SessionRecord record =
                    direct.sessions.load(tenant.tenantId(), sessionId).orElseThrow();
            assertThat(record.seqs).containsExactlyElementsOf(all);
            assertThat(record.processedThrough).isEqualTo(total - 1);
            assertThat(record.state.eventCount()).isEqualTo(total * EVENTS_PER_CHUNK);
            System.out.printf(
                    "fault %-28s chunks %d, refused 503 during the fault %d (SDK attempts faulted: %s), "
                            + "console reads %d/%d, acknowledged %d, in S3 and indexed %d, lost 0%n",
                    scenario,
                    total,
                    refused.size(),
                    scenario.injected == null ? "connection refused" : injector.faulted.get(),
                    list.getStatusCode(),
                    detail.getStatusCode(),
                    total,
                    record.seqs.size());
        }
    }

    private static APIGatewayV2HTTPResponse send(
            IngestHandler handler, Tenants.SignedUp tenant, String sessionId, int seq, long start) {
        return handler.handleRequest(
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", tenant.ingestKey())
                        .binary(
                                Chunks.gzip(Chunks.envelope(
                                        sessionId, seq, Chunks.events(start + seq * 1000L, EVENTS_PER_CHUNK))),
                                "application/x-www-form-urlencoded")
                        .build(),
                null);
    }
}
