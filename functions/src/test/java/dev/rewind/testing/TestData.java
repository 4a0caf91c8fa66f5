package dev.rewind.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The recordings in the repository's {@code testdata/} folder (testdata/README.md), read from the test
 * classpath: the same in tests and in the benchmarks, which run from the functions test jar.
 */
public final class TestData {

    private TestData() {}

    /** The real recording of rrweb's player demo: 272 events, three clicks, no frustration. */
    public static JsonNode demoSessionEvents() {
        try {
            return Json.MAPPER.readTree(demoSessionBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same recording as the bytes of its JSON file. */
    public static byte[] demoSessionBytes() {
        return bytes("rrweb-demo-session.json");
    }

    private static byte[] bytes(String name) {
        try (InputStream in = TestData.class.getResourceAsStream("/testdata/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "testdata/" + name + " is not on the test classpath (functions/pom.xml)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
