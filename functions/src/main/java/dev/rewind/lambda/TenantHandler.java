package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.TenantApi;

/** The Tenant function: settings and key rotation ({@link TenantApi}). */
public final class TenantHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public TenantHandler() {
        this(Lambdas.shared());
    }

    public TenantHandler(Rewind rewind) {
        super(new TenantApi(
                rewind.tenants,
                rewind.teams,
                rewind.audit,
                rewind.access,
                rewind.clock,
                rewind.config,
                rewind.organizationDeletion));
    }
}
