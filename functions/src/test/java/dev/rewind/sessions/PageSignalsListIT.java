package dev.rewind.sessions;

import static dev.rewind.frustration.Events.element;
import static dev.rewind.frustration.Events.withChildren;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.Events;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The page signals through the real pipeline on the emulator (docs/FRUSTRATION.md): imported sessions get the
 * flags quick_back, excessive_scroll and form_abandonment, and the list filters by each, alone (no index of its
 * own: byStart filtered), together and beside an indexed flag, across pages of one session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageSignalsListIT {
    private static final String SECRET = "typed-secret-4711";
    private static final String HOME = "https://shop.example/";
    private static final String PRICING = "https://shop.example/pricing";

    private final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(1)));
    private Rewind rewind;
    private Tenants.SignedUp tenant;
    private final Map<String, String> sessionOf = new LinkedHashMap<>();

    @BeforeAll
    void importSessions() {
        RewindConfig config = Emulator.freshConfig();
        rewind = Rewind.create(config, clock);
        tenant = Tenants.signUp(rewind, "Page signals");

        importing(
                "clean",
                new Events().meta(0, HOME).snapshot(1).meta(30_000, PRICING).build());
        importing(
                "quickBack",
                new Events().meta(0, HOME).meta(1000, PRICING).meta(3000, HOME).build());
        Events scroll = new Events().meta(0, HOME);
        int[] positions = {0, 700, 200, 900, 100, 800};
        for (int i = 0; i < positions.length; i++) {
            scroll.scrollTo(1000 + 400L * i, 1, positions[i]);
        }
        importing("excessiveScroll", scroll.build());
        importing(
                "formAbandoned",
                Events.page(withChildren(element(10, "form"), element(11, "input", "type", "email", "id", "email")))
                        .typed(1000, 11, SECRET)
                        .error(1500, "validation failed")
                        .build());
        importing(
                "quickBackAndForm",
                Events.page(withChildren(element(10, "form"), element(11, "input", "name", "q", "type", "text")))
                        .typed(1000, 11, SECRET)
                        .meta(20_000, PRICING)
                        .meta(22_000, Events.PAGE)
                        .build());
        clock.advance(Duration.ofMinutes(1));
    }

    private void importing(String name, ArrayNode events) {
        clock.advance(Duration.ofMinutes(1));
        ObjectNode body = Json.object();
        body.set("events", events);
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/sessions/import")
                                .bearer(tenant.apiKey())
                                .json(body.toString())
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        sessionOf.put(name, Tenants.read(response).get("sessionId").asText());
    }

    private JsonNode get(String route, Map<String, String> path, Map<String, List<String>> query) {
        ApiEvents request = ApiEvents.request("GET", route).bearer(tenant.apiKey());
        path.forEach(request::path);
        query.forEach((k, values) -> values.forEach(v -> request.query(k, v)));
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Tenants.read(response);
    }

    /** The names of the sessions listed with these flags, newest first, read one at a time through every page. */
    private List<String> listed(String... flags) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("flag", List.of(flags));
            query.put("limit", List.of("1"));
            if (cursor != null) {
                query.put("cursor", List.of(cursor));
            }
            JsonNode body = get("/v1/sessions", Map.of(), query);
            for (JsonNode s : body.get("sessions")) {
                sessionOf.forEach((name, id) -> {
                    if (id.equals(s.get("sessionId").asText())) {
                        names.add(name);
                    }
                });
            }
            if (body.get("nextCursor").isNull()) {
                return names;
            }
            cursor = body.get("nextCursor").asText();
        }
        throw new AssertionError("more than 50 pages");
    }

    @Test
    void eachPageSignalFiltersTheListAloneTogetherAndBesideAnIndexedFlag() {
        assertThat(listed("quick_back")).containsExactly("quickBackAndForm", "quickBack");
        assertThat(listed("excessive_scroll")).containsExactly("excessiveScroll");
        assertThat(listed("form_abandonment")).containsExactly("quickBackAndForm", "formAbandoned");
        assertThat(listed("quick_back", "form_abandonment")).containsExactly("quickBackAndForm");
        assertThat(listed("error", "form_abandonment")).containsExactly("formAbandoned");
        assertThat(listed("form_abandonment", "error")).containsExactly("formAbandoned");
    }

    @Test
    void theSummaryCountsThemAndTheDetailNamesTheFieldNotWhatWasTyped() {
        // when
        JsonNode detail = get("/v1/sessions/{id}", Map.of("id", sessionOf.get("formAbandoned")), Map.of());

        // then
        assertThat(detail.get("flags").toString()).isEqualTo("[\"error\",\"form_abandonment\"]");
        assertThat(detail.get("formAbandonmentCount").asInt()).isEqualTo(1);
        assertThat(detail.get("quickBackCount").asInt()).isZero();
        JsonNode abandonment = null;
        for (JsonNode f : detail.get("frustrations")) {
            if (f.get("type").asText().equals("form_abandonment")) {
                abandonment = f;
            }
        }
        assertThat(abandonment).isNotNull();
        assertThat(abandonment.at("/target/selector").asText()).isEqualTo("input#email");
        assertThat(abandonment.get("offsetMs").asLong()).isEqualTo(1000);
        assertThat(detail.toString()).doesNotContain(SECRET);
        JsonNode both = get("/v1/sessions/{id}", Map.of("id", sessionOf.get("quickBackAndForm")), Map.of());
        assertThat(both.get("quickBackCount").asInt()).isEqualTo(1);
        assertThat(both.toString()).doesNotContain(SECRET);
    }
}
