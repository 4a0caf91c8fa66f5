package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.TestData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The session item each chunk rewrites, measured on the rrweb demo recording cut into the recorder's
 * 30 s batches: its DynamoDB size decides the write units every chunk costs (docs/COST.md).
 */
class SessionItemSizeIT {
    private static final long BATCH_MS = 30_000;

    @Test
    void theDemoSessionsItemIsWrittenWithOneWriteUnitPerChunk() {
        // given the demo recording, moved to the present, and a tenant
        JsonNode recorded = TestData.demoSessionEvents();
        long shift = Instant.now().minusSeconds(120).toEpochMilli()
                - recorded.get(0).get("timestamp").asLong();
        MutableClock clock = MutableClock.now();
        Rewind rewind = Emulator.freshRewind(clock);
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Item Size");
        IngestHandler ingest = new IngestHandler(rewind);
        String sessionId = "itemSizeSession0000000001";

        // when it arrives in 30 s batches, as the recorder cuts it
        List<List<JsonNode>> batches = new ArrayList<>();
        long batchStart = Long.MIN_VALUE;
        for (JsonNode event : recorded) {
            ObjectNode moved = event.deepCopy();
            moved.put("timestamp", event.get("timestamp").asLong() + shift);
            if (batches.isEmpty() || moved.get("timestamp").asLong() - batchStart >= BATCH_MS) {
                batches.add(new ArrayList<>());
                batchStart = moved.get("timestamp").asLong();
            }
            batches.get(batches.size() - 1).add(moved);
        }
        List<Integer> sizes = new ArrayList<>();
        Map<String, AttributeValue> last = Map.of();
        for (int seq = 0; seq < batches.size(); seq++) {
            ObjectNode chunk = Json.object().put("sessionId", sessionId).put("seq", seq);
            chunk.putObject("meta").put("url", "https://demoit.app/e/react").put("sdkVersion", "0.1.0");
            ArrayNode events = chunk.putArray("events");
            batches.get(seq).forEach(events::add);
            APIGatewayV2HTTPResponse response = ingest.handleRequest(
                    ApiEvents.request("POST", "/v1/ingest")
                            .query("key", tenant.ingestKey())
                            .binary(ChunkParser.gzip(Json.write(chunk).getBytes(StandardCharsets.UTF_8)), "text/plain")
                            .build(),
                    null);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
            last = Emulator.DYNAMO
                    .getItem(r -> r.tableName(rewind.config.sessionsTable())
                            .key(Map.of("pk", AttributeValue.fromS(tenant.tenantId() + "#" + sessionId))))
                    .item();
            sizes.add(itemBytes(last));
        }

        // then every write of the item is at most 1 KB: one write unit (the state is stored deflated)
        System.out.println("session item bytes after each of " + batches.size() + " chunks: " + sizes);
        last.forEach((name, value) -> System.out.println("  " + name + ": " + itemBytes(Map.of(name, value))));
        assertThat(sizes).allMatch(bytes -> bytes <= 1024);
    }

    /** DynamoDB's item size: each attribute's name plus its value (numbers ~1 byte per 2 digits + 1). */
    static int itemBytes(Map<String, AttributeValue> item) {
        int bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes(e.getValue());
        }
        return bytes;
    }

    private static int valueBytes(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(StandardCharsets.UTF_8).length;
        if (v.b() != null) return v.b().asByteArrayUnsafe().length;
        if (v.n() != null) return numberBytes(v.n());
        if (v.hasNs())
            return v.ns().stream().mapToInt(SessionItemSizeIT::numberBytes).sum();
        if (v.hasSs())
            return v.ss().stream()
                    .mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasM()) return 3 + itemBytes(v.m()) + v.m().size();
        if (v.hasL()) return 3 + v.l().stream().mapToInt(x -> 1 + valueBytes(x)).sum();
        return 0;
    }

    private static int numberBytes(String n) {
        String digits = new BigDecimal(n).unscaledValue().abs().toString().replaceAll("^0+|0+$", "");
        return (digits.length() + 1) / 2 + 1;
    }
}
