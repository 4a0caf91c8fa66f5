package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A labelled journey recorded in headless Chromium by tools/journey-recorder: its rrweb events,
 * the chunk meta of its page and the frustrations a person named in it.
 */
public record Journey(
        String name, String mode, JsonNode events, JsonNode meta, JsonNode expected, JsonNode expectedSession) {

    /** The fixture names, from the classpath: a directory in tests, a jar in the benchmarks. */
    public static List<String> names() {
        try {
            URI journeys = Journey.class.getResource("/journeys").toURI();
            if (!"jar".equals(journeys.getScheme())) {
                return namesIn(Path.of(journeys));
            }
            try (FileSystem jar = FileSystems.newFileSystem(journeys, Map.of())) {
                return namesIn(jar.provider().getPath(journeys));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .toList();
        }
    }

    public static Journey load(String name) {
        try (InputStream in = Journey.class.getResourceAsStream("/journeys/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no journey fixture " + name);
            }
            JsonNode fixture = Json.MAPPER.readTree(in);
            return new Journey(
                    fixture.path("name").asText(),
                    fixture.path("mode").asText(),
                    fixture.get("events"),
                    fixture.get("meta"),
                    fixture.get("expected"),
                    fixture.get("expectedSession"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
