package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.common.RewindConfig;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.FaultProxy;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the emulator unreachable ingest answers 503, and no 202 is ever lost. */
class IngestOutageIT {

    @Test
    void duringAnOutageIngestAnswers503AndEveryAcknowledgedChunkSurvives() throws Exception {
        // given the ingest handler reaching the emulator through a proxy we can cut
        RewindConfig config = Emulator.freshConfig();
        MutableClock clock = MutableClock.now();
        Rewind direct = Rewind.create(config, clock);
        Tenants.SignedUp tenant = Tenants.signUp(direct, "Outage");
        try (FaultProxy proxy = new FaultProxy(URI.create(System.getenv("AWS_ENDPOINT_URL")))) {
            IngestHandler handler = new IngestHandler(Rewind.create(config, clock, proxy.endpoint()));
            String sessionId = "outage-session-0001";
            long start = clock.millis() - 60_000;
            List<Integer> acknowledged = new ArrayList<>();
            int unavailable = 0;

            // when a recorder sends 30 chunks, and the emulator goes away from chunk 10 to chunk 19
            for (int seq = 0; seq < 30; seq++) {
                if (seq == 10) {
                    proxy.down();
                }
                if (seq == 20) {
                    proxy.up();
                }
                APIGatewayV2HTTPResponse response = handler.handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .binary(
                                        Chunks.gzip(
                                                Chunks.envelope(sessionId, seq, Chunks.events(start + seq * 1000L, 3))),
                                        "application/x-www-form-urlencoded")
                                .build(),
                        null);
                if (response.getStatusCode() == 202) {
                    acknowledged.add(seq);
                } else {
                    // then every refusal during the outage is a 503 that tells the recorder when to retry
                    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(503);
                    assertThat(response.getHeaders()).containsKey("retry-after");
                    assertThat(Tenants.read(response).at("/error/code").asText())
                            .isEqualTo("service_unavailable");
                    unavailable++;
                }
            }

            // and after recovery every acknowledged chunk is in S3 and counted
            assertThat(unavailable).isEqualTo(10);
            assertThat(acknowledged).hasSize(20);
            List<String> keys = direct.chunks.keys(tenant.tenantId());
            for (int seq : acknowledged) {
                assertThat(keys).contains(dev.rewind.storage.ChunkBucket.chunkKey(tenant.tenantId(), sessionId, seq));
            }
            SessionRecord record =
                    direct.sessions.load(tenant.tenantId(), sessionId).orElseThrow();
            assertThat(record.seqs).containsAll(acknowledged);
        }
    }
}
