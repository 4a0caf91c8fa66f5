package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.SessionsApi;

/** The Sessions function: the console's session routes and share links ({@link SessionsApi}). */
public final class SessionsHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public SessionsHandler() {
        this(Lambdas.shared());
    }

    public SessionsHandler(Rewind rewind) {
        super(new SessionsApi(
                rewind.access,
                rewind.audit,
                rewind.reader,
                rewind.shares,
                rewind.deletion,
                rewind.importer,
                rewind.clock,
                rewind.config,
                rewind.assets));
    }
}
