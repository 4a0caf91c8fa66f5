package dev.rewind.ingest;

import dev.rewind.common.Log;
import dev.rewind.frustration.BoundedText;
import dev.rewind.tenants.TenantStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for the console, the origins whose pages were refused because they are not in the
 * tenant's allowed origins (docs/INGEST.md, "Allowed origins"): a silent refusal is the most
 * confusing way for an install to fail. Noted at most once per origin per {@link #NOTE_EVERY_MS} in
 * each Lambda instance, so a busy refused site costs one write every few minutes, never one per
 * request; a failure to note is logged and changes nothing of the refusal itself.
 */
public final class RefusedOrigins {
    public static final long NOTE_EVERY_MS = 5 * 60_000;
    /** Characters kept of an origin (scheme, host and port never need more). */
    public static final int MAX_ORIGIN_CHARS = 200;

    private static final int MAX_REMEMBERED = 10_000;

    private final TenantStore tenants;
    private final Clock clock;
    private final Map<String, Long> lastNoted = new ConcurrentHashMap<>();

    public RefusedOrigins(TenantStore tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    public void note(String tenantId, String origin) {
        if (origin == null || origin.isBlank()) {
            return;
        }
        String clipped = BoundedText.clip(origin, MAX_ORIGIN_CHARS);
        long now = clock.millis();
        Long previous = lastNoted.get(tenantId + " " + clipped);
        if (previous != null && now - previous < NOTE_EVERY_MS) {
            return;
        }
        if (lastNoted.size() > MAX_REMEMBERED) {
            lastNoted.clear();
        }
        lastNoted.put(tenantId + " " + clipped, now);
        try {
            tenants.noteRefusedOrigin(tenantId, clipped, now);
        } catch (RuntimeException e) {
            Log.warn("refused_origin_not_noted", "tenantId", tenantId, "error", Log.failure(e));
        }
    }
}
