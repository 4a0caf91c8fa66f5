package dev.rewind.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every error code docs/openapi.yaml lists for the asset routes is produced by the bad-input catalogue, and no other. */
class AssetErrorCodesDocumentedTest {
    @Test
    void documentedAssetErrorCodesAreExactlyTheOnesTheTestsProduce() throws Exception {
        // given the published spec
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(new File("../docs/openapi.yaml"));

        for (Map.Entry<String, String> route : Map.of(
                        "offer",
                        "/paths/~1v1~1assets/post/x-error-codes",
                        "commit",
                        "/paths/~1v1~1assets~1commit/post/x-error-codes")
                .entrySet()) {
            Set<String> documented = new TreeSet<>();
            spec.at(route.getValue()).forEach(code -> documented.add(code.asText()));

            // when we collect what the catalogue asserts for the route
            Set<String> produced = AssetBadInputIT.CASES.stream()
                    .map(c -> c.getPayload())
                    .filter(c -> c.route().equals(route.getKey()))
                    .map(AssetBadInputIT.Case::code)
                    .collect(Collectors.toCollection(TreeSet::new));

            // then they are the same set
            assertThat(documented).as(route.getKey()).isNotEmpty();
            assertThat(produced).as(route.getKey()).containsExactlyInAnyOrderElementsOf(documented);
        }
    }
}
