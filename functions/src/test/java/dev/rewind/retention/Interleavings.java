package dev.rewind.retention;

import dev.rewind.Rewind;
import dev.rewind.common.Metrics;
import dev.rewind.sessions.SessionIndex;
import dev.rewind.storage.ChunkStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BiConsumer;

/**
 * The real stores with a hook between two steps of an erase, to force the interleavings a race would
 * produce once in a while: every call still reaches the emulator.
 */
final class Interleavings {
    private Interleavings() {}

    /** The same resources, with {@code hook(tenantId, sessionId)} run after each {@link ChunkStore#deleteSession}. */
    static Rewind afterChunkDeletion(Rewind rewind, BiConsumer<String, String> hook) {
        ChunkStore chunks = hooked(ChunkStore.class, rewind.chunks, "deleteSession", null, hook);
        return new Rewind(
                rewind.config,
                rewind.clock,
                rewind.tenants,
                chunks,
                rewind.sessions,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);
    }

    /** The same resources, with {@code hook(tenantId, sessionId)} run before each {@link ChunkStore#deleteSession}. */
    static Rewind beforeChunkDeletion(Rewind rewind, BiConsumer<String, String> hook) {
        ChunkStore chunks = hooked(ChunkStore.class, rewind.chunks, "deleteSession", hook, null);
        return new Rewind(
                rewind.config,
                rewind.clock,
                rewind.tenants,
                chunks,
                rewind.sessions,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);
    }

    /** The same resources, with {@code hook(tenantId, sessionId)} run before each {@link ChunkStore#putIfAbsent}. */
    static Rewind beforeChunkPut(Rewind rewind, BiConsumer<String, String> hook) {
        ChunkStore chunks = hooked(ChunkStore.class, rewind.chunks, "putIfAbsent", hook, null);
        return new Rewind(
                rewind.config,
                rewind.clock,
                rewind.tenants,
                chunks,
                rewind.sessions,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);
    }

    /** The same resources, with {@code hook(tenantId, sessionId)} run before each {@link SessionIndex#deleteIfUnchanged}. */
    static Rewind beforeItemDeletion(Rewind rewind, BiConsumer<String, String> hook) {
        SessionIndex index = hooked(SessionIndex.class, rewind.sessions, "deleteIfUnchanged", hook, null);
        return new Rewind(
                rewind.config,
                rewind.clock,
                rewind.tenants,
                rewind.chunks,
                index,
                rewind.teams,
                rewind.audit,
                null,
                rewind.usage,
                rewind.assetStore,
                rewind.hotspots,
                Metrics.NONE);
    }

    /** Delegates every call to {@code target}; calls of {@code method} (tenantId, sessionId, ...) get the hooks. */
    private static <T> T hooked(
            Class<T> type,
            T target,
            String method,
            BiConsumer<String, String> before,
            BiConsumer<String, String> after) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
            boolean hooked = m.getName().equals(method);
            if (hooked && before != null) {
                before.accept((String) args[0], (String) args[1]);
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (hooked && after != null) {
                after.accept((String) args[0], (String) args[1]);
            }
            return result;
        });
        return type.cast(proxy);
    }
}
