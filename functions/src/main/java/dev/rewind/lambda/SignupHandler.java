package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.SignupApi;

/** The Signup function: {@code POST /v1/signup} ({@link SignupApi}). */
public final class SignupHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public SignupHandler() {
        this(Lambdas.shared());
    }

    public SignupHandler(Rewind rewind) {
        super(new SignupApi(rewind.tenants, rewind.audit, rewind.access, rewind.clock, rewind.config));
    }
}
