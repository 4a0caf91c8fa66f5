package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import org.junit.jupiter.api.Test;

/** What schemathesis found (scripts/fuzz.sh, docs/SECURITY.md), kept as regression tests. */
class FuzzFindingsIT {

    @Test
    void repeatedEmptyFlagsAreRefusedLikeOneEmptyFlag() {
        // given a tenant
        Rewind rewind = Emulator.freshRewind(MutableClock.now());
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Fuzzed");
        SessionsHandler sessions = new SessionsHandler(rewind);

        // when the list is asked for ?flag=&flag= (API Gateway joins the two into ","), and for ?flag=
        APIGatewayV2HTTPResponse repeated = sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions")
                        .query("flag", "")
                        .query("flag", "")
                        .bearer(tenant.apiKey())
                        .build(),
                null);
        APIGatewayV2HTTPResponse single = sessions.handleRequest(
                ApiEvents.request("GET", "/v1/sessions")
                        .query("flag", "")
                        .bearer(tenant.apiKey())
                        .build(),
                null);

        // then both are refused: an empty value is no flag the spec lists
        assertThat(repeated.getStatusCode()).isEqualTo(400);
        assertThat(Tenants.read(repeated).at("/error/code").asText()).isEqualTo("invalid_flag");
        assertThat(single.getStatusCode()).isEqualTo(400);
    }
}
