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

    static List<FrustrationType> types(List<Frustration> frustrations) {
        return frustrations.stream().map(Frustration::type).toList();
    }
}
