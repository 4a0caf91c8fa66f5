package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.tenants.Tenant;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.InMemoryChunkStore;
import dev.rewind.testing.InMemoryHotspots;
import dev.rewind.testing.InMemorySessionIndex;
import dev.rewind.testing.InMemoryUsageStore;
import dev.rewind.testing.MutableClock;
import dev.rewind.usage.UsageMeter;
import org.junit.jupiter.api.Test;

/** An import takes the full path of the frustration engine, whatever its meta says (docs/INGEST.md, "Chunk meta"). */
class ImporterHintsTest {

    @Test
    void anImportIsJudgedOnItsNodesEvenWhenItsMetaAnnouncesHints() throws Exception {
        // given
        MutableClock clock = MutableClock.now();
        Tenant tenant = Tenant.create("t_import", "Import", "owner@import.example", clock.millis());
        InMemorySessionIndex index = new InMemorySessionIndex();
        Ingestion ingestion = new Ingestion(
                new InMemoryChunkStore(),
                index,
                new InMemoryHotspots(index),
                new UsageMeter(new InMemoryUsageStore(), clock),
                Metrics.NONE,
                clock);
        ObjectNode body = Json.object();
        body.set("events", Json.MAPPER.readTree(Chunks.events(clock.millis() - 60_000, 5)));
        body.putObject("meta").put("url", "https://shop.example/").put("hints", "complete");

        // when
        String sessionId = new Importer(ingestion, null, clock).importRecording(tenant, body, null);

        // then
        String state =
                index.stored(tenant.tenantId(), sessionId).orElseThrow().state.toJson();
        assertThat(state).contains("\"eventCount\":5").doesNotContain("completeHints");
    }
}
