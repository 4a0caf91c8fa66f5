package dev.rewind.frustration;

/**
 * The element a frustration names: its rrweb node id always; a CSS-like selector and short text
 * (masked in the browser) when the recorder sent a click hint. Errors name no element:
 * {@link #NONE}, node id 0 (rrweb numbers nodes from 1).
 */
public record FrustrationTarget(int nodeId, String selector, String text) {

    public static final FrustrationTarget NONE = new FrustrationTarget(0, null, null);

    public static FrustrationTarget node(int nodeId) {
        return new FrustrationTarget(nodeId, null, null);
    }
}
