package dev.rewind.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Whether a session is recorded under a tenant's sample rate. Decided from the session id alone, so
 * every chunk of a session (and the recorder's config call) gets the same answer without shared state.
 */
public final class Sampling {
    private Sampling() {}

    public static boolean isRecorded(String sessionId, double sampleRate) {
        if (sampleRate >= 1.0) {
            return true;
        }
        if (sampleRate <= 0.0) {
            return false;
        }
        int hash = 0x811c9dc5; // FNV-1a, 32 bit
        for (byte b : sessionId.getBytes(StandardCharsets.US_ASCII)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        double unit = (hash & 0xffffffffL) / 4294967296.0;
        return unit < sampleRate;
    }
}
