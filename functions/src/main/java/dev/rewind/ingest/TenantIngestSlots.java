package dev.rewind.ingest;

import dev.rewind.common.Refused;
import java.util.HashMap;
import java.util.Map;

/**
 * How many chunks of one tenant a process stores at once, and how many more may wait for one of those
 * slots. Storage is what tenants share in a process (the local runner's threads and its emulator, which
 * manages a few dozen chunks/s in all), so a flooding tenant gets its few slots and a short queue, and an
 * immediate 429 for the rest — before its body is even decoded — while every other tenant keeps slots of
 * its own. The queue absorbs a page-hide burst (a recorder sends every unsent chunk of a visitor at once,
 * with no chance to retry); the cap on work in progress, unlike a rate, adapts by itself to how fast
 * storage is. In AWS a Lambda instance serves one request at a time, so this never binds there: the outer
 * bounds are the HTTP API's throttling and the ingest function's reserved concurrency (docs/SECURITY.md).
 */
public final class TenantIngestSlots {
    private final int slots;
    private final int queue;
    private final long maxWaitMs;
    /** Only tenants with chunks in progress or waiting: the map does not grow with the tenant count. */
    private final Map<String, Usage> usage = new HashMap<>();

    private static final class Usage {
        int storing;
        int waiting;
    }

    public TenantIngestSlots(int slots, int queue, long maxWaitMs) {
        if (slots < 1 || queue < 0 || maxWaitMs < 0) {
            throw new IllegalArgumentException("a tenant needs at least one slot");
        }
        this.slots = slots;
        this.queue = queue;
        this.maxWaitMs = maxWaitMs;
    }

    /** The limits of {@link IngestLimits}; REWIND_INGEST_TENANT_SLOTS overrides the slots (e.g. for load runs). */
    public static TenantIngestSlots fromEnvironment() {
        int slots = IngestLimits.TENANT_INGEST_SLOTS;
        String value = System.getenv("REWIND_INGEST_TENANT_SLOTS");
        if (value != null && !value.isBlank()) {
            try {
                slots = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("REWIND_INGEST_TENANT_SLOTS must be a whole number, not " + value, e);
            }
        }
        return new TenantIngestSlots(slots, IngestLimits.TENANT_INGEST_QUEUE, IngestLimits.TENANT_INGEST_MAX_WAIT_MS);
    }

    /** One chunk's work; closing it gives the slot back. */
    public final class Slot implements AutoCloseable {
        private final String tenantId;
        private boolean released;

        private Slot(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public void close() {
            synchronized (TenantIngestSlots.this) {
                if (!released) {
                    released = true;
                    Usage u = usage.get(tenantId);
                    u.storing--;
                    forgetIfIdle(tenantId, u);
                    TenantIngestSlots.this.notifyAll();
                }
            }
        }
    }

    /**
     * Takes one of the tenant's slots, waiting in its queue if they are all busy; refuses it
     * ({@code TENANT_BUSY}, an API 429) when the queue is full too, or the wait runs out.
     */
    public synchronized Slot enter(String tenantId) {
        Usage u = usage.computeIfAbsent(tenantId, id -> new Usage());
        if (u.storing < slots) {
            u.storing++;
            return new Slot(tenantId);
        }
        if (u.waiting >= queue) {
            throw busy();
        }
        u.waiting++;
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000;
        try {
            while (u.storing >= slots) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw busy();
                }
                wait(left);
            }
            u.storing++;
            return new Slot(tenantId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            u.waiting--;
            forgetIfIdle(tenantId, u);
        }
    }

    /** Chunks of the tenant being stored now (for tests). */
    public synchronized int storing(String tenantId) {
        Usage u = usage.get(tenantId);
        return u == null ? 0 : u.storing;
    }

    /** Chunks of the tenant waiting for a slot now (for tests). */
    public synchronized int waiting(String tenantId) {
        Usage u = usage.get(tenantId);
        return u == null ? 0 : u.waiting;
    }

    private void forgetIfIdle(String tenantId, Usage u) {
        if (u.storing == 0 && u.waiting == 0) {
            usage.remove(tenantId);
        }
    }

    private static Refused busy() {
        return new Refused(Refused.Reason.TENANT_BUSY, "this tenant has too many chunks in progress, retry later");
    }
}
