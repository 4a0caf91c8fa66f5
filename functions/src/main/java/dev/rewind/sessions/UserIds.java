package dev.rewind.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.common.Refused;
import dev.rewind.frustration.RecorderTags;
import dev.rewind.frustration.Rrweb;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user ids a session carries: {@code meta.userId} and the {@code userId} of identify events, a string
 * or an integer (sent as a number, it is kept as its digits). Rewind keeps an id exactly as sent or not at
 * all: one the index could not hold exactly — longer than {@link SessionLimits#MAX_USER_ID_CHARS}, with a
 * control character, not well-formed UTF-16 — is refused at ingest and at erasure
 * ({@code INVALID_USER_ID}), so an erasure always names what ingest stored (docs/RETENTION.md).
 */
public final class UserIds {
    private UserIds() {}

    /** The id a JSON value names, or null when it names none: absent, null, another type, or blank. */
    public static String of(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /**
     * Every user id a chunk carries, each checked.
     * @throws Refused {@code INVALID_USER_ID} for a user id of another type or one the index cannot hold exactly
     */
    public static Set<String> carriedBy(JsonNode events, JsonNode meta) {
        Set<String> ids = new TreeSet<>();
        if (meta != null && meta.isObject()) {
            add(ids, meta.get("userId"));
        }
        for (JsonNode event : events) {
            if (Rrweb.isCustom(event, RecorderTags.IDENTIFY)) {
                add(ids, event.path("data").path("payload").get("userId"));
            }
        }
        return ids;
    }

    private static void add(Set<String> ids, JsonNode value) {
        if (value == null
                || value.isNull()
                || (value.isTextual() && value.asText().isBlank())) {
            return;
        }
        String id = of(value);
        if (id == null) {
            throw invalid("a user id is a string or an integer");
        }
        ids.add(requireExact(id));
    }

    /**
     * The id itself if the index can hold it exactly: at most {@link SessionLimits#MAX_USER_ID_CHARS} UTF-16
     * code units (JavaScript's {@code length}), no control character, no unpaired surrogate.
     * @throws Refused {@code INVALID_USER_ID} otherwise
     */
    public static String requireExact(String id) {
        if (id.isEmpty() || id.length() > SessionLimits.MAX_USER_ID_CHARS) {
            throw invalid("a user id has 1 to " + SessionLimits.MAX_USER_ID_CHARS + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("a user id has no control characters (tab, newline, ...)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("a user id is well-formed Unicode (no unpaired surrogate)");
            }
        }
        return id;
    }

    private static Refused invalid(String message) {
        return new Refused(Refused.Reason.INVALID_USER_ID, message);
    }
}
