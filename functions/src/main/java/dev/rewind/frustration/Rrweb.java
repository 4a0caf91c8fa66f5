package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;

/** The numbers of rrweb's event format (rrweb 2.x, {@code @rrweb/types}) that the engine reads. */
public final class Rrweb {
    private Rrweb() {}

    // EventType
    public static final int FULL_SNAPSHOT = 2;
    public static final int INCREMENTAL_SNAPSHOT = 3;
    public static final int META = 4;
    public static final int CUSTOM = 5;
    public static final int PLUGIN = 6;

    // IncrementalSource
    public static final int MUTATION = 0;
    public static final int MOUSE_INTERACTION = 2;
    public static final int SCROLL = 3;
    public static final int VIEWPORT_RESIZE = 4;
    public static final int INPUT = 5;
    public static final int MEDIA_INTERACTION = 7;
    public static final int SELECTION = 14;

    // MouseInteractions
    public static final int MOUSE_DOWN = 1;
    public static final int CLICK = 2;
    public static final int DBL_CLICK = 4;
    public static final int TOUCH_START = 7;

    // NodeType of a serialized node
    public static final int ELEMENT_NODE = 2;
    public static final int TEXT_NODE = 3;

    /** True for a custom event (type 5) with this tag ({@link RecorderTags}). */
    public static boolean isCustom(JsonNode event, String tag) {
        return event.path("type").asInt(-1) == CUSTOM
                && tag.equals(event.path("data").path("tag").asText(null));
    }

    /** True for an rrweb MouseInteraction Click event. */
    public static boolean isClick(JsonNode event) {
        JsonNode data = event.path("data");
        return event.path("type").asInt(-1) == INCREMENTAL_SNAPSHOT
                && data.path("source").asInt(-1) == MOUSE_INTERACTION
                && data.path("type").asInt(-1) == CLICK;
    }
}
