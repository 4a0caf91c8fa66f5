package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.tenants.Keys;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Secrets at rest (docs/SECURITY.md): keys exist in plain text only in the one answer that hands them
 * out. Every table is read back raw: no api or share key is stored, only its SHA-256; the one exception is
 * the current ingest key, public by nature, kept beside its hash on the tenant item ({@code ingestKey}) so
 * the console can always show the snippet; and nothing the handlers log while keys go in and out carries one.
 */
class SecretsAtRestIT {
    /** A key as Keys.newKey makes it: the prefix and 24 random bytes in url-safe base64. */
    static final Pattern PLAIN_KEY = Pattern.compile("(?<![A-Za-z0-9_-])(pk|sk|sh)_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])");

    @Test
    void keysAreStoredOnlyAsHashesAndNeverLogged() {
        // given the handlers' log (stdout) captured while tenants sign up, rotate keys, ingest and share
        MutableClock clock = MutableClock.now();
        Rewind rewind = Emulator.freshRewind(clock);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> issued = new ArrayList<>();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String organization : List.of("Hashed One", "Hashed Two")) {
                Tenants.SignedUp tenant = Tenants.signUp(rewind, organization);
                issued.add(tenant.ingestKey());
                issued.add(tenant.apiKey());
                String ingestKey = Tenants.rotate(rewind, tenant.apiKey(), "ingest");
                String apiKey = Tenants.rotate(rewind, tenant.apiKey(), "api");
                issued.add(ingestKey);
                issued.add(apiKey);
                String sessionId = "hashed-session-" + issued.size() + "-000000";
                APIGatewayV2HTTPResponse stored = new IngestHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("POST", "/v1/ingest")
                                        .query("key", ingestKey)
                                        .text(
                                                Chunks.envelope(sessionId, 0, Chunks.events(clock.millis() - 5_000, 3)),
                                                "text/plain;charset=UTF-8")
                                        .build(),
                                null);
                assertThat(stored.getStatusCode()).isEqualTo(202);
                APIGatewayV2HTTPResponse share = new SessionsHandler(rewind)
                        .handleRequest(
                                ApiEvents.request("POST", "/v1/sessions/{id}/share")
                                        .path("id", sessionId)
                                        .bearer(apiKey)
                                        .build(),
                                null);
                issued.add(Tenants.read(share).get("token").asText());
            }
        } finally {
            System.setOut(stdout);
        }
        assertThat(issued).hasSize(10).allMatch(key -> PLAIN_KEY.matcher(key).matches());

        // when every item of every table is read back raw
        StringBuilder stored = new StringBuilder();
        List<String> keptIngestKeys = new ArrayList<>();
        for (String table :
                List.of(rewind.config.tenantsTable(), rewind.config.keysTable(), rewind.config.sessionsTable())) {
            for (Map<String, AttributeValue> item : StorageSnapshot.items(table, i -> true)) {
                item.forEach((name, value) -> {
                    if (table.equals(rewind.config.tenantsTable()) && name.equals("ingestKey")) {
                        keptIngestKeys.add(value.s());
                    } else {
                        stored.append(table)
                                .append('.')
                                .append(name)
                                .append('=')
                                .append(StorageSnapshot.allText(value))
                                .append('\n');
                    }
                });
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        // then the only plain keys are the tenants' current ingest keys, on their tenant items
        assertThat(keptIngestKeys).containsExactlyInAnyOrder(issued.get(2), issued.get(7));

        // and no other key is there in plain text, while the hashes of the live keys are
        assertThat(PLAIN_KEY.matcher(stored).find())
                .as("a plain key in DynamoDB")
                .isFalse();
        assertThat(issued).allSatisfy(key -> assertThat(stored.toString()).doesNotContain(key));
        assertThat(issued.subList(2, 5))
                .allSatisfy(key -> assertThat(stored.toString()).contains(Keys.hash(key)));
        assertThat(stored.toString()).doesNotContain(Keys.hash(issued.get(0))).doesNotContain(Keys.hash(issued.get(1)));

        // and the log says what happened without any key in it
        assertThat(log).contains("tenant_created", "key_rotated");
        assertThat(PLAIN_KEY.matcher(log).find()).as("a plain key in the log").isFalse();
    }
}
