package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.InsightsApi;

/** The Insights function: the views across all of a tenant's sessions ({@link InsightsApi}). */
public final class InsightsHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public InsightsHandler() {
        this(Lambdas.shared());
    }

    public InsightsHandler(Rewind rewind) {
        super(new InsightsApi(rewind.access, rewind.insights, rewind.errorGroups, rewind.audit, rewind.clock));
    }
}
