package dev.rewind.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml documents exactly the routes of {@link Routes}, and every authenticated route says who may call it. */
class OpenApiRoutesTest {
    private static final List<String> METHODS = List.of("get", "post", "patch", "put", "delete");

    private static JsonNode spec() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(new File("../docs/openapi.yaml"));
    }

    @Test
    void theSpecHasExactlyTheRoutesOfTheRouteTable() throws Exception {
        // given the published spec
        Set<String> documented = new TreeSet<>();
        spec().get("paths")
                .fields()
                .forEachRemaining(path -> METHODS.stream()
                        .filter(path.getValue()::has)
                        .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

        // when we compare it with the routes the API serves
        Set<String> served =
                new TreeSet<>(Routes.ALL.stream().map(Routes.Route::routeKey).toList());

        // then they are the same
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void bothSecuritySchemesAreDefinedAndEveryRouteThatNeedsAUserNamesThem() throws Exception {
        // given the published spec
        JsonNode spec = spec();
        JsonNode schemes = spec.at("/components/securitySchemes");

        // then api keys, user tokens and the tenant header are schemes
        assertThat(schemes.at("/apiKey/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/userToken/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/tenant/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/tenant/name").asText()).isEqualTo("X-Rewind-Tenant");

        // and the user-only routes take a user token, and the tenant routes either credential
        assertThat(spec.at("/paths/~1v1~1me/get/security/0").has("userToken")).isTrue();
        assertThat(spec.at("/paths/~1v1~1invitations~1accept/post/security/0").has("userToken"))
                .isTrue();
        JsonNode members = spec.at("/paths/~1v1~1members/get/security");
        assertThat(members.get(0).has("apiKey")).isTrue();
        assertThat(members.get(1).has("userToken") && members.get(1).has("tenant"))
                .isTrue();
    }
}
