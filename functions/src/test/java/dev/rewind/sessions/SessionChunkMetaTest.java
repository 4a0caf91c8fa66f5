package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import org.junit.jupiter.api.Test;

/** The optional meta of a chunk (docs/INGEST.md), read leniently. */
class SessionChunkMetaTest {

    @Test
    void readsEveryField() throws Exception {
        // given
        JsonNode meta = Json.MAPPER.readTree("""
                {"url": "https://shop.example/", "referrer": "https://search.example/", "userId": "u-1",
                 "viewport": {"width": 1280, "height": 720}, "sdk": "rewind/0.1.0"}""");

        // when
        ChunkMeta read = ChunkMeta.from(meta, "Mozilla/5.0 header");

        // then
        assertThat(read)
                .isEqualTo(new ChunkMeta(
                        "https://shop.example/", "https://search.example/", "u-1", "Mozilla/5.0 header", 1280, 720));
    }

    @Test
    void aUserAgentInTheMetaWinsOverTheHeader() throws Exception {
        // an imported recording carries its own browser's user agent
        JsonNode meta = Json.MAPPER.readTree("{\"userAgent\": \"Mozilla/5.0 (iPhone)\", \"viewportWidth\": 390}");

        ChunkMeta read = ChunkMeta.from(meta, "curl/8.5.0");

        assertThat(read.userAgent()).isEqualTo("Mozilla/5.0 (iPhone)");
        assertThat(read.viewportWidth()).isEqualTo(390);
        assertThat(read.viewportHeight()).isNull();
    }

    @Test
    void wrongTypesAndBlanksAreNull() throws Exception {
        JsonNode meta = Json.MAPPER.readTree(
                "{\"url\": 7, \"userId\": 42, \"referrer\": \" \", \"viewport\": {\"width\": \"wide\"}}");

        ChunkMeta read = ChunkMeta.from(meta, null);

        assertThat(read).isEqualTo(new ChunkMeta(null, null, "42", null, null, null));
    }

    @Test
    void onlyHintsCompleteAnnouncesCompleteHints() throws Exception {
        // our recorder's announcement (docs/INGEST.md, "Chunk meta"); anything else is the full path
        for (String announced : new String[] {"{\"hints\": \"complete\"}"}) {
            assertThat(ChunkMeta.from(Json.MAPPER.readTree(announced), null).completeHints())
                    .isTrue();
        }
        for (String other : new String[] {
            "{}", "{\"hints\": \"Complete\"}", "{\"hints\": true}", "{\"hints\": \"partial\"}", "{\"hints\": null}"
        }) {
            assertThat(ChunkMeta.from(Json.MAPPER.readTree(other), null).completeHints())
                    .as(other)
                    .isFalse();
        }
        assertThat(ChunkMeta.from(null, null).completeHints()).isFalse();
    }

    @Test
    void anOpenerIsKeptOnlyWhenItIsASessionId() throws Exception {
        // a copied tab's recorder names the session it was opened from
        JsonNode opened = Json.MAPPER.readTree("{\"openerSessionId\": \"Zq3xY7_opener-0001\"}");
        JsonNode forged = Json.MAPPER.readTree("{\"openerSessionId\": \"../t/other/s/x\"}");

        assertThat(ChunkMeta.from(opened, null).openerSessionId()).isEqualTo("Zq3xY7_opener-0001");
        assertThat(ChunkMeta.from(forged, null).openerSessionId()).isNull();
    }

    @Test
    void noMetaLeavesOnlyTheHeader() {
        assertThat(ChunkMeta.from(null, "ua")).isEqualTo(new ChunkMeta(null, null, null, "ua", null, null));
        assertThat(ChunkMeta.from(Json.MAPPER.getNodeFactory().textNode("x"), " "))
                .isEqualTo(new ChunkMeta(null, null, null, null, null, null));
    }
}
