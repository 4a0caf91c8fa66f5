package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.TenantApi;
import dev.rewind.schedule.WorkQueue;
import java.util.function.Supplier;

/** The Tenant function: settings and key rotation ({@link TenantApi}). */
public final class TenantHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public TenantHandler() {
        this(Lambdas.shared());
    }

    public TenantHandler(Rewind rewind) {
        this(rewind, Lambdas.workQueueFor(rewind));
    }

    /** @param queue where a re-score's messages go (the tests' queue in the emulator's SQS) */
    public TenantHandler(Rewind rewind, WorkQueue queue) {
        this(rewind, () -> queue);
    }

    private TenantHandler(Rewind rewind, Supplier<WorkQueue> queue) {
        super(new TenantApi(
                rewind.tenants,
                rewind.teams,
                rewind.audit,
                rewind.access,
                rewind.clock,
                rewind.config,
                rewind.organizationDeletion,
                rewind.rescore,
                queue));
    }
}
