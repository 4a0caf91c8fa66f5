package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.AssetsApi;

/** The Assets function: the recorder's asset offers and commits ({@link AssetsApi}, docs/ASSETS.md). */
public final class AssetsHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public AssetsHandler() {
        this(Lambdas.shared());
    }

    public AssetsHandler(Rewind rewind) {
        super(new AssetsApi(rewind.tenants, rewind.assets, rewind.clock));
    }
}
