package dev.rewind.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import dev.rewind.testing.Users;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ingest key is public by nature (the snippet on every page carries it), so {@code GET /v1/tenant}
 * always gives it and the snippet, to anyone who may watch the tenant's sessions; only the current key,
 * and nothing for a tenant whose key was not kept (docs/SECURITY.md, "Secrets").
 */
class IngestKeyShownIT {
    private final Rewind rewind = Emulator.freshRewind(MutableClock.now());
    private final TenantHandler tenant = new TenantHandler(rewind);

    private JsonNode tenantAs(String apiKey) {
        return Tenants.read(tenant.handleRequest(
                ApiEvents.request("GET", "/v1/tenant").bearer(apiKey).build(), null));
    }

    @Test
    void theCurrentIngestKeyAndSnippetAreAlwaysThereAndARotatedKeyIsNot() {
        // given a tenant signed up with an api key, and a read key of it
        Tenants.SignedUp signedUp = Tenants.signUp(rewind, "Shown Co");
        JsonNode readKey = Tenants.read(tenant.handleRequest(
                ApiEvents.request("POST", "/v1/keys")
                        .bearer(signedUp.apiKey())
                        .json("{\"name\":\"viewer\",\"scope\":\"read\"}")
                        .build(),
                null));

        // then any later reader gets the ingest key and the snippet it signed up with
        JsonNode shown = tenantAs(readKey.get("key").asText());
        assertThat(shown.get("ingestKey").asText()).isEqualTo(signedUp.ingestKey());
        assertThat(shown.get("snippet").asText()).contains("key: '" + signedUp.ingestKey() + "'");

        // and after a rotation the new key, never the old one
        String rotated = Tenants.rotate(rewind, signedUp.apiKey(), "ingest");
        JsonNode afterRotation = tenantAs(signedUp.apiKey());
        assertThat(afterRotation.get("ingestKey").asText()).isEqualTo(rotated);
        assertThat(afterRotation.get("snippet").asText()).contains(rotated).doesNotContain(signedUp.ingestKey());

        // and a settings change keeps it
        Tenants.patch(rewind, signedUp.apiKey(), "{\"retentionDays\":14}");
        assertThat(tenantAs(signedUp.apiKey()).get("ingestKey").asText()).isEqualTo(rotated);
    }

    @Test
    void anOrganizationMadeByAUserShowsItsIngestKeyToItsMembers() {
        Users.SignedIn owner = Users.create(rewind.config, Users.email("shown-owner"));
        JsonNode organization = Tenants.read(new SignupHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/organizations")
                                .bearer(owner.idToken())
                                .json("{\"organization\":\"Shown Org\"}")
                                .build(),
                        null));
        JsonNode shown = Tenants.read(tenant.handleRequest(
                ApiEvents.request("GET", "/v1/tenant")
                        .bearer(owner.idToken())
                        .header("x-rewind-tenant", organization.get("tenantId").asText())
                        .build(),
                null));
        assertThat(shown.get("ingestKey").asText())
                .isEqualTo(organization.get("ingestKey").asText());
        assertThat(shown.get("snippet").asText())
                .isEqualTo(organization.get("snippet").asText());
    }

    @Test
    void aTenantWhoseKeyWasNotKeptGetsNoneRatherThanAWrongOne() {
        // given a tenant made before the key was kept: its item has only the hash
        Tenants.SignedUp signedUp = Tenants.signUp(rewind, "Older Co");
        Emulator.DYNAMO.updateItem(r -> r.tableName(rewind.config.tenantsTable())
                .key(Map.of("tenantId", AttributeValue.fromS(signedUp.tenantId())))
                .updateExpression("REMOVE ingestKey"));

        JsonNode shown = tenantAs(signedUp.apiKey());
        assertThat(shown.get("ingestKey").isNull()).isTrue();
        assertThat(shown.get("snippet").isNull()).isTrue();

        // and a rotation gives it one again
        String rotated = Tenants.rotate(rewind, signedUp.apiKey(), "ingest");
        assertThat(tenantAs(signedUp.apiKey()).get("ingestKey").asText()).isEqualTo(rotated);
    }
}
