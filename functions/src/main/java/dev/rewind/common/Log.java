package dev.rewind.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The one logger: one JSON object per line on stdout (CloudWatch reads it as structured logs).
 * Callers pass only ids and codes, never keys, bodies or typed input.
 */
public final class Log {
    private Log() {}

    public static void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    /** What failed, for the {@code error} field: the store's own failure for {@link StoreUnavailable}, else the class. */
    public static String failure(Throwable e) {
        return e instanceof StoreUnavailable unavailable
                ? unavailable.failure()
                : e.getClass().getSimpleName();
    }

    public static void warn(String event, Object... fields) {
        write("WARN", event, fields);
    }

    private static void write(String level, String event, Object... fields) {
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value instanceof Number n) {
                line.put(String.valueOf(fields[i]), n.longValue());
            } else {
                line.put(String.valueOf(fields[i]), String.valueOf(value));
            }
        }
        System.out.println(line);
    }
}
