package dev.rewind.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.Rewind;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.lambda.SessionsHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Query strings and fragments of recorded URLs are not stored (docs/SECURITY.md, "URLs"): a chunk whose
 * URLs carry a token, a typed password or a fragment — as an older recorder or a hand-made request may
 * send it — leaves none of them in the stored chunk, the session index, the API or a share link, while
 * the parameters the tenant's {@code urlQueryAllowList} names are kept.
 */
class UrlQueryStringsIT {
    /** Every value a URL of the chunk below carries; none may be stored. */
    private static final List<String> SECRETS = List.of(
            "tok_SECRET_1",
            "frag_SECRET_2",
            "pw_SECRET_3",
            "mail_SECRET_4",
            "q_SECRET_5",
            "card_SECRET_6",
            "hid_SECRET_7");

    private final MutableClock clock = MutableClock.now();
    private final Rewind rewind = Emulator.freshRewind(clock);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void secretsInUrlsAreNeverStoredWhileAllowListedParametersAre() throws Exception {
        // given a tenant that keeps its campaign parameters
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Tokens In Urls");
        Tenants.patch(rewind, tenant.apiKey(), "{\"urlQueryAllowList\":[\"utm_*\"]}");
        String sessionId = "url-secrets-000000000001";

        // when a chunk with secrets in every kind of URL is ingested
        ingest(tenant, sessionId, chunkWithSecretsInUrls(sessionId));

        // then the API's session has the pages without the secrets, with the campaign parameters
        JsonNode detail = Tenants.read(sessions(ApiEvents.request("GET", "/v1/sessions/{id}")
                .path("id", sessionId)
                .bearer(tenant.apiKey())));
        List<String> urls = new ArrayList<>();
        detail.get("urls").forEach(url -> urls.add(url.asText()));
        assertThat(urls)
                .containsExactly(
                        "https://shop.example/confirm?utm_source=newsletter",
                        "https://shop.example/step2?utm_campaign=spring");
        assertThat(detail.get("entryUrl").asText()).isEqualTo("https://shop.example/confirm?utm_source=newsletter");
        assertNoSecret("the session's detail", detail.toString());
        assertNoSecret(
                "the session list",
                sessions(ApiEvents.request("GET", "/v1/sessions").bearer(tenant.apiKey()))
                        .getBody());

        // and the session index, read raw (the state inflated), has none
        StringBuilder index = new StringBuilder();
        for (Map<String, AttributeValue> item : StorageSnapshot.items(rewind.config.sessionsTable(), i -> true)) {
            item.values()
                    .forEach(value ->
                            index.append(StorageSnapshot.allText(value)).append('\n'));
        }
        assertThat(index).contains("utm_source=newsletter");
        assertNoSecret("the session index", index.toString());

        // and a share link shows none, nor does the chunk it hands out
        APIGatewayV2HTTPResponse share = sessions(ApiEvents.request("POST", "/v1/sessions/{id}/share")
                .path("id", sessionId)
                .bearer(tenant.apiKey()));
        String token = Tenants.read(share).get("token").asText();
        JsonNode shared = Tenants.read(
                sessions(ApiEvents.request("GET", "/v1/shares/{token}").path("token", token)));
        assertNoSecret("the share view", shared.toString());
        String chunk = download(shared.at("/chunks/0/url").asText());
        assertThat(chunk)
                .contains(
                        "https://shop.example/confirm?utm_source=newsletter",
                        // another origin's asset keeps its query string: the replay loads it
                        "https://cdn.example/logo.png?v=3");
        assertNoSecret("the stored chunk", chunk);
    }

    @Test
    void byDefaultNoQueryParameterIsKept() throws Exception {
        Tenants.SignedUp tenant = Tenants.signUp(rewind, "Default Allow List");
        String sessionId = "url-secrets-000000000002";

        ingest(tenant, sessionId, chunkWithSecretsInUrls(sessionId));

        JsonNode detail = Tenants.read(sessions(ApiEvents.request("GET", "/v1/sessions/{id}")
                .path("id", sessionId)
                .bearer(tenant.apiKey())));
        assertThat(detail.get("urls").toString())
                .isEqualTo("[\"https://shop.example/confirm\",\"https://shop.example/step2\"]");
        String chunk = download(detail.at("/chunks/0/url").asText());
        assertThat(chunk).doesNotContain("utm_");
        assertNoSecret("the stored chunk", chunk);
    }

    /** One chunk with a secret in each place a recorded URL appears (recorder-sdk/README.md, "Events"). */
    private String chunkWithSecretsInUrls(String sessionId) {
        long t = clock.millis() - 10_000;
        String page = "https://shop.example/confirm?token=tok_SECRET_1&utm_source=newsletter#frag_SECRET_2";
        String events = "["
                + "{\"type\":4,\"timestamp\":" + t + ",\"data\":{\"href\":\"" + page
                + "\",\"width\":1280,\"height\":720}},"
                + "{\"type\":2,\"timestamp\":" + (t + 1) + ",\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                + "{\"type\":2,\"id\":2,\"tagName\":\"html\",\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":3,\"tagName\":\"body\",\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":4,\"tagName\":\"a\",\"attributes\":{\"href\":\"https://shop.example/reset?token=tok_SECRET_1#frag_SECRET_2\"},\"childNodes\":[]},"
                + "{\"type\":2,\"id\":5,\"tagName\":\"form\",\"attributes\":{\"action\":\"https://shop.example/search?q=q_SECRET_5\"},\"childNodes\":["
                + "{\"type\":2,\"id\":6,\"tagName\":\"button\",\"attributes\":{\"formaction\":\"/pay?card=card_SECRET_6\"},\"childNodes\":[]}]},"
                + "{\"type\":2,\"id\":7,\"tagName\":\"img\",\"attributes\":{\"src\":\"https://cdn.example/logo.png?v=3\"},\"childNodes\":[]}"
                + "]}]}]},\"initialOffset\":{\"left\":0,\"top\":0}}},"
                + "{\"type\":5,\"timestamp\":" + (t + 2) + ",\"data\":{\"tag\":\"navigation\",\"payload\":{\"href\":"
                + "\"https://shop.example/step2?token=tok_SECRET_1&utm_campaign=spring#frag_SECRET_2\",\"kind\":\"pushState\"}}},"
                + "{\"type\":3,\"timestamp\":" + (t + 3) + ",\"data\":{\"source\":0,\"texts\":[],\"removes\":[],"
                + "\"attributes\":[{\"id\":4,\"attributes\":{\"href\":\"https://shop.example/reset?hidden=hid_SECRET_7\"}}],"
                + "\"adds\":[{\"parentId\":3,\"nextId\":null,\"node\":{\"type\":2,\"id\":8,\"tagName\":\"a\","
                + "\"attributes\":{\"href\":\"https://shop.example/account#frag_SECRET_2\"},\"childNodes\":[]}}]}},"
                + "{\"type\":5,\"timestamp\":" + (t + 4) + ",\"data\":{\"tag\":\"network\",\"payload\":{\"url\":"
                + "\"https://shop.example/api/cart?email=mail_SECRET_4\",\"method\":\"GET\",\"status\":200,\"durationMs\":5,\"initiator\":\"fetch\"}}},"
                + "{\"type\":5,\"timestamp\":" + (t + 5)
                + ",\"data\":{\"tag\":\"error\",\"payload\":{\"message\":\"boom\","
                + "\"source\":\"https://shop.example/confirm?token=tok_SECRET_1\"}}}"
                + "]";
        return "{\"sessionId\":\"" + sessionId + "\",\"seq\":0,\"meta\":{\"url\":\"" + page + "\","
                + "\"referrer\":\"https://shop.example/checkout?password=pw_SECRET_3&email=mail_SECRET_4\"},\"events\":"
                + events + "}";
    }

    private void ingest(Tenants.SignedUp tenant, String sessionId, String envelope) {
        APIGatewayV2HTTPResponse response = new IngestHandler(rewind)
                .handleRequest(
                        ApiEvents.request("POST", "/v1/ingest")
                                .query("key", tenant.ingestKey())
                                .binary(Chunks.gzip(envelope), "application/x-www-form-urlencoded")
                                .build(),
                        null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        assertThat(rewind.chunks.get(tenant.tenantId(), sessionId, 0))
                .as("stored")
                .isPresent();
    }

    private APIGatewayV2HTTPResponse sessions(ApiEvents request) {
        APIGatewayV2HTTPResponse response = new SessionsHandler(rewind).handleRequest(request.build(), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isBetween(200, 201);
        return response;
    }

    /** The chunk as the console fetches it: through its pre-signed URL, from the emulator's S3. */
    private String download(String url) throws Exception {
        HttpResponse<byte[]> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return ChunkParser.readStored(response.body()).toString();
    }

    private static void assertNoSecret(String where, String text) {
        assertThat(SECRETS)
                .as(where)
                .allSatisfy(secret -> assertThat(text).as(where).doesNotContain(secret));
    }
}
