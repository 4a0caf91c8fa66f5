package dev.rewind.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.common.Json;
import dev.rewind.lambda.TenantHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code PATCH /v1/tenant} reads numbers exactly and origins as browsers send them: a value out of range
 * is refused with the setting's 400 and changes nothing, instead of being wrapped or truncated into a
 * valid one (4294967303 days read as 7 would hide every session older than a week).
 */
class TenantSettingsValidationIT {
    private final Rewind rewind = Emulator.freshRewind(new MutableClock(Instant.now()));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // 2^32 + 7 and -2^32 + 90: their low 32 bits are 7 and 90
                "{\"retentionDays\":4294967303}                      | invalid_retention_days",
                "{\"retentionDays\":-4294967206}                     | invalid_retention_days",
                // 2^64 + 30: its low 64 bits are 30
                "{\"retentionDays\":18446744073709551646}            | invalid_retention_days",
                "{\"retentionDays\":30.5}                            | invalid_retention_days",
                "{\"retentionDays\":\"30\"}                          | invalid_retention_days",
                "{\"retentionDays\":8}                               | invalid_retention_days",
                "{\"sampleRate\":1.0000001}                          | invalid_sample_rate",
                "{\"sampleRate\":-1e-9}                              | invalid_sample_rate",
                "{\"sampleRate\":1e400}                              | invalid_sample_rate",
                // the smallest normal double: below what DynamoDB can store (found by scripts/fuzz.sh)
                "{\"sampleRate\":2.2250738585072014e-308}            | invalid_sample_rate",
                "{\"frustrationRules\":{\"rageMinClicks\":4294967299}}        | invalid_frustration_rules",
                "{\"frustrationRules\":{\"rageRadiusPx\":18446744073709551646}} | invalid_frustration_rules",
                "{\"frustrationRules\":{\"deadWindowMs\":-18446744073709549116}} | invalid_frustration_rules",
                "{\"allowedOrigins\":[\"https://a.example:99999\"]}     | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example:65536\"]}     | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example:0\"]}         | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example:99999999999\"]} | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example:\"]}          | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example:08443\"]}     | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example/\"]}          | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://a.example/shop\"]}      | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://A.Example\"]}           | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://user@a.example\"]}      | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"ftp://a.example\"]}             | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"https://\"]}                    | invalid_allowed_origins",
                "{\"allowedOrigins\":[\"a.example\"]}                   | invalid_allowed_origins",
                "{\"urlQueryAllowList\":\"utm_source\"}               | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":[\"*\"]}                      | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":[\"utm_*x\"]}                 | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":[\"a=b\"]}                    | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":[\"\"]}                       | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":[7]}                          | invalid_url_query_allow_list",
                "{\"urlQueryAllowList\":null}                         | invalid_url_query_allow_list",
                "{\"sampleRate\":0.5,\"retentionDays\":4294967303}     | invalid_retention_days",
                "{\"consoleLevels\":\"log\"}                          | invalid_console_levels",
                "{\"consoleLevels\":[\"trace\"]}                      | invalid_console_levels",
                "{\"consoleLevels\":[\"log\",\"log\"]}                | invalid_console_levels",
                "{\"consoleLevels\":[1]}                            | invalid_console_levels",
                "{\"captureAssets\":false}                          | invalid_capture_assets",
                "{\"captureAssets\":\"images\"}                     | invalid_capture_assets",
                "{\"captureAssets\":\"ALL\"}                        | invalid_capture_assets",
                "{\"captureAssets\":{\"images\":false}}             | invalid_capture_assets",
                "{\"captureAssets\":null}                           | invalid_capture_assets",
                "{\"recordCanvas\":\"true\"}                        | invalid_recordCanvas",
                "{\"recordCanvas\":1}                               | invalid_recordCanvas",
                "{\"recordCanvas\":true,\"captureAssets\":\"some\"}  | invalid_capture_assets",
            })
    void outOfRangeSettingsAreRefusedAndChangeNothing(String body, String code) {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Exact");
        JsonNode before = get(tenant);

        APIGatewayV2HTTPResponse response = patch(tenant, body);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Tenants.read(response).at("/error/code").asText()).isEqualTo(code);
        assertThat(get(tenant)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"retentionDays\":365}",
                "{\"allowedOrigins\":[\"https://a.example\",\"https://a.example:8443\",\"http://localhost:3000\",\"http://127.0.0.1:65535\",\"http://[::1]:1\"]}",
                "{\"urlQueryAllowList\":[\"page\",\"utm_*\",\"filter[color]\",\"q.v-1~x\"]}",
                "{\"frustrationRules\":{\"rageMinClicks\":10}}",
                "{\"consoleLevels\":[\"log\",\"info\",\"warn\",\"error\",\"debug\"]}",
                "{\"consoleLevels\":[\"error\"]}",
                "{\"consoleLevels\":[]}",
                "{\"captureAssets\":\"fonts_and_stylesheets\"}",
                "{\"captureAssets\":\"none\"}",
                "{\"captureAssets\":\"all\"}",
                "{\"recordCanvas\":true}",
            })
    void settingsInRangeAreStoredAsSent(String body) throws IOException {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Exact");
        JsonNode sent = Json.MAPPER.readTree(body);

        JsonNode answered = Tenants.patch(rewind, tenant.apiKey(), body);

        JsonNode stored = get(tenant);
        assertThat(stored).isEqualTo(answered);
        sent.fieldNames().forEachRemaining(field -> {
            if (sent.get(field).isObject()) {
                sent.get(field)
                        .fieldNames()
                        .forEachRemaining(
                                name -> assertThat(stored.get(field).get(name).toString())
                                        .as(field + "." + name)
                                        .isEqualTo(sent.get(field).get(name).toString()));
            } else {
                assertThat(stored.get(field).toString())
                        .as(field)
                        .isEqualTo(sent.get(field).toString());
            }
        });
    }

    @Test
    void aNewTenantCapturesEveryAssetAndNoCanvas() {
        // when a tenant signs up
        JsonNode settings = get(Tenants.signUp(rewind, "Defaults"));

        // then images, fonts and stylesheets are captured, and canvas recording waits for an opt-in
        assertThat(settings.get("captureAssets").asText()).isEqualTo("all");
        assertThat(settings.get("recordCanvas").asBoolean()).isFalse();
    }

    private JsonNode get(Tenants.SignedUp tenant) {
        return Tenants.read(new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("GET", "/v1/tenant")
                                .bearer(tenant.apiKey())
                                .build(),
                        null));
    }

    private APIGatewayV2HTTPResponse patch(Tenants.SignedUp tenant, String body) {
        return new TenantHandler(rewind)
                .handleRequest(
                        ApiEvents.request("PATCH", "/v1/tenant")
                                .bearer(tenant.apiKey())
                                .json(body)
                                .build(),
                        null);
    }
}
