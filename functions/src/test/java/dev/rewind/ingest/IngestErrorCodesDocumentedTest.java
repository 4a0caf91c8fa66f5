package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every ingest error code in docs/openapi.yaml is produced by some test, and no other. */
class IngestErrorCodesDocumentedTest {
    /** Codes produced by tests other than the bad-input catalogue. */
    private static final Set<String> PRODUCED_ELSEWHERE = Set.of(
            "service_unavailable" /* IngestOutageIT */,
            "rate_limited" /* security.IngestRateLimitIT, security.TenantPlanLimitsIT */,
            "quota_exceeded" /* security.TenantPlanLimitsIT */,
            "session_deleted" /* retention.LiveDeletionIT, retention.UserErasureIT */,
            "chunk_conflict" /* ChunkConflictIT */);

    @Test
    void documentedIngestErrorCodesAreExactlyTheOnesTheTestsProduce() throws Exception {
        // given the published spec
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(new File("../docs/openapi.yaml"));
        Set<String> documented = new TreeSet<>();
        spec.at("/paths/~1v1~1ingest/post/x-error-codes").forEach(code -> documented.add(code.asText()));

        // when we collect what the tests assert
        Set<String> produced = IngestBadInputIT.CASES.stream()
                .map(c -> c.getPayload().code())
                .collect(Collectors.toCollection(TreeSet::new));
        produced.addAll(PRODUCED_ELSEWHERE);

        // then they are the same set
        assertThat(documented).isNotEmpty();
        assertThat(produced).containsExactlyInAnyOrderElementsOf(documented);
    }
}
