package dev.rewind.testing;

import dev.rewind.ingest.ChunkParser;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Chunk bodies for tests: plain rrweb-shaped events around a given time. */
public final class Chunks {
    private Chunks() {}

    public static String envelope(String sessionId, int seq, String eventsJson) {
        return "{\"sessionId\":\"" + sessionId + "\",\"seq\":" + seq
                + ",\"meta\":{\"url\":\"https://shop.example/\"},\"events\":" + eventsJson + "}";
    }

    /** {@code count} events: a Meta event, then clicks one second apart, starting at {@code start}. */
    public static String events(long start, int count) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        joiner.add("{\"type\":4,\"timestamp\":" + start
                + ",\"data\":{\"href\":\"https://shop.example/\",\"width\":1280,\"height\":720}}");
        for (int i = 1; i < count; i++) {
            joiner.add("{\"type\":3,\"timestamp\":" + (start + i * 1000L) + ",\"data\":{\"source\":2,\"type\":2,\"id\":"
                    + (10 + i) + ",\"x\":" + (i * 50) + ",\"y\":100}}");
        }
        return joiner.toString();
    }

    public static byte[] gzip(String json) {
        return ChunkParser.gzip(json.getBytes(StandardCharsets.UTF_8));
    }
}
