package dev.rewind.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rewind.frustration.Chunks;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.frustration.Journey;
import dev.rewind.insights.SessionStory;
import dev.rewind.sessions.ChunkMeta;
import dev.rewind.sessions.SessionRecord;
import dev.rewind.sessions.SessionState;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A session's summary has the fields docs/openapi.yaml's SessionSummary names, its story among them. */
class SessionViewsTest {

    private static JsonNode schema(String name) throws Exception {
        return new ObjectMapper(new YAMLFactory())
                .readTree(new File("../docs/openapi.yaml"))
                .at("/components/schemas/" + name);
    }

    private static SessionRecord stored(String journeyName) {
        Journey journey = Journey.load(journeyName);
        SessionState state = Chunks.aggregateWhole(
                FrustrationRules.DEFAULTS, journey.events(), ChunkMeta.from(journey.meta(), null));
        SessionRecord record = SessionRecord.fresh("t_test", "session-views-test-0001");
        // as the index stores it and the API reads it back
        record.state = SessionState.fromStored(state.toStored());
        return record;
    }

    @Test
    void theSummaryHasExactlyTheDocumentedFieldsAndItsStory() throws Exception {
        // given a session as stored: the coupon journey, an error click and an error on its checkout
        SessionRecord record = stored("coupon-throws");

        // when
        ObjectNode summary = SessionViews.summary(record);

        // then its fields are the documented ones, the required ones all there
        JsonNode schema = schema("SessionSummary");
        assertThat(names(summary)).containsExactlyInAnyOrderElementsOf(names(schema.get("properties")));
        schema.get("required")
                .forEach(field -> assertThat(summary.has(field.asText()))
                        .as(field.asText())
                        .isTrue());
        JsonNode storySchema = schema("SessionStory");
        assertThat(names(summary.get("story")))
                .containsExactlyInAnyOrderElementsOf(names(storySchema.get("properties")));

        // and the story is the one told from the stored state
        JsonNode story = summary.get("story");
        assertThat(story.get("text").asText())
                .isEqualTo(SessionStory.of(record.state).text())
                .startsWith(
                        "Stayed on /checkout.html. Error click on “Apply coupon” at 0.2 s; error “Uncaught TypeError:");
        assertThat(story.get("text").asText().length())
                .isLessThanOrEqualTo(
                        storySchema.at("/properties/text/maxLength").asInt());
        assertThat(story.get("pages")).hasSize(1);
        assertThat(story.get("pages").get(0).asText()).isEqualTo("http://127.0.0.1:34791/checkout.html");
        assertThat(story.get("morePages").asInt()).isZero();
        assertThat(story.get("exitPage").asText()).isEqualTo("http://127.0.0.1:34791/checkout.html");
    }

    @Test
    void theSameStoredSessionReadsTheSameStoryEveryTime() {
        // given a session of two pages, as stored
        SessionRecord record = stored("continue-navigates");

        // when it is read twice
        JsonNode first = SessionViews.summary(record).get("story");
        JsonNode second = SessionViews.summary(stored("continue-navigates")).get("story");

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first.get("text").asText())
                .isEqualTo("Visited /checkout.html → /confirmation.html (2 pages). Left on /confirmation.html.");
        assertThat(first.get("exitPage").asText()).isEqualTo("http://127.0.0.1:34791/confirmation.html");
    }

    private static Set<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }
}
