package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.UsageApi;

/** The Usage function: {@code GET /v1/usage} ({@link UsageApi}). */
public final class UsageHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public UsageHandler() {
        this(Lambdas.shared());
    }

    public UsageHandler(Rewind rewind) {
        super(new UsageApi(rewind.access, rewind.usageMeter));
    }
}
