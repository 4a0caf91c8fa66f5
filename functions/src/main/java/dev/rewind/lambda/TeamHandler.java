package dev.rewind.lambda;

import dev.rewind.Rewind;
import dev.rewind.http.TeamApi;

/** The Team function: the signed-in user's organizations, members, invitations and the audit log ({@link TeamApi}). */
public final class TeamHandler extends ApiFunction {
    /** Lambda's: the process's shared wiring. */
    public TeamHandler() {
        this(Lambdas.shared());
    }

    public TeamHandler(Rewind rewind) {
        super(new TeamApi(rewind.tenants, rewind.teams, rewind.audit, rewind.access, rewind.clock, rewind.config));
    }
}
