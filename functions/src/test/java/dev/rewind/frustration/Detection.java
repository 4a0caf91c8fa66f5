package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Runs the detector over a recording, whole or in chunks with its state saved between them. */
final class Detection {
    private Detection() {}

    /** Frustrations before {@link FrustrationDetector#finish()}: what is certain while the session goes on. */
    static List<Frustration> whileRunning(FrustrationRules rules, JsonNode events) {
        List<Frustration> found = new ArrayList<>();
        FrustrationDetector detector = new FrustrationDetector(rules, null, found::add);
        events.forEach(detector::accept);
        return found;
    }

    static List<Frustration> finished(FrustrationRules rules, JsonNode events) {
        List<Frustration> found = new ArrayList<>();
        FrustrationDetector detector = new FrustrationDetector(rules, null, found::add);
        events.forEach(detector::accept);
        detector.finish();
        return found;
    }

    static List<Frustration> finished(JsonNode events) {
        return finished(FrustrationRules.DEFAULTS, events);
    }

    /** The same, chunk after chunk, the detector's state saved and read back between them as ingest does. */
    static List<Frustration> finishedInChunks(FrustrationRules rules, List<? extends JsonNode> chunks)
            throws Exception {
        List<Frustration> found = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode state = null;
        for (int i = 0; i < chunks.size(); i++) {
            FrustrationDetector detector = new FrustrationDetector(
                    rules, state == null ? null : dev.rewind.common.Json.MAPPER.readTree(state.toString()), found::add);
            chunks.get(i).forEach(detector::accept);
            if (i == chunks.size() - 1) {
                detector.finish();
            }
            state = detector.saveState();
        }
        return found;
    }

    static List<FrustrationType> types(List<Frustration> frustrations) {
        return frustrations.stream().map(Frustration::type).toList();
    }
}
