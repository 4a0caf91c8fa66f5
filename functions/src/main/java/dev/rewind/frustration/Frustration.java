package dev.rewind.frustration;

/**
 * One detected frustration (docs/ARCHITECTURE.md, "Session list"). Clicks are anchored to a click of the recording: a rage
 * or dead click to the first click of its burst, an error click to the click the error followed.
 * An error is anchored to the error event and names {@link FrustrationTarget#NONE}.
 *
 * @param timestamp  epoch ms of the anchoring event
 * @param offsetMs   timestamp minus the session start: where the replay jumps to
 * @param clickCount clicks in the burst, for rage clicks only (null otherwise)
 */
public record Frustration(
        FrustrationType type,
        long timestamp,
        long offsetMs,
        int x,
        int y,
        FrustrationTarget target,
        Integer clickCount) {

    public Frustration {
        if (type == null || target == null) {
            throw new IllegalArgumentException("a frustration has a type and a target");
        }
    }
}
