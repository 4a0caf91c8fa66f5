package dev.rewind.testing;

import dev.rewind.common.StoreUnavailable;
import dev.rewind.storage.ChunkStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chunk store whose session deletes fail, as S3 in an outage does ({@link StoreUnavailable}), for the
 * tenants told, a given number of times: the erase of their sessions fails and is tried again later.
 */
public final class FailingChunkDeletes {
    private final ConcurrentHashMap<String, AtomicInteger> failing = new ConcurrentHashMap<>();

    /** The tenant's next {@code times} session deletes fail. */
    public void fail(String tenantId, int times) {
        failing.put(tenantId, new AtomicInteger(times));
    }

    /** How many of the failures told for the tenant are still to come. */
    public int left(String tenantId) {
        return Math.max(0, failing.get(tenantId).get());
    }

    /** {@code store}, with the failures told here. */
    public ChunkStore around(ChunkStore store) {
        return (ChunkStore) Proxy.newProxyInstance(
                ChunkStore.class.getClassLoader(), new Class<?>[] {ChunkStore.class}, (self, method, args) -> {
                    if (method.getName().equals("deleteSession")) {
                        AtomicInteger left = failing.get((String) args[0]);
                        if (left != null && left.getAndDecrement() > 0) {
                            throw new StoreUnavailable(new IllegalStateException("injected S3 outage"));
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
