package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A labelled journey recorded in headless Chromium by tools/journey-recorder: its rrweb events,
 * the chunk meta of its page and the frustrations a person named in it.
 */
public record Journey(String name, String mode, JsonNode events, JsonNode meta, JsonNode expected,
                      JsonNode expectedSession) {

    public static final String DEMO_SESSION = "/work/shared/data/rrweb-demo-session.json";

    public static List<String> names() {
        try (Stream<Path> files = Files.list(Path.of(Journey.class.getResource("/journeys").toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Journey load(String name) {
        try (InputStream in = Journey.class.getResourceAsStream("/journeys/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no journey fixture " + name);
            }
            JsonNode fixture = Json.MAPPER.readTree(in);
            return new Journey(fixture.path("name").asText(), fixture.path("mode").asText(), fixture.get("events"),
                    fixture.get("meta"), fixture.get("expected"), fixture.get("expectedSession"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real recording of rrweb's player demo: 272 events, three clicks, no frustration. */
    public static JsonNode demoSessionEvents() {
        try {
            return Json.MAPPER.readTree(Path.of(DEMO_SESSION).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
