package dev.rewind.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemplateHygieneTest {
    /**
     * The region is fixed at synth (the web ACL's placement depends on it, docs/DEPLOY.md), so a
     * template may name its own region; the account never: the same templates deploy to any account.
     */
    @Test
    void theTemplateNamesNoAccountIdNoArnAndNoRegionButItsOwn() throws Exception {
        String json =
                new ObjectMapper().writeValueAsString(Stacks.deployedTemplate().toJSON());

        assertThat(Pattern.compile("\\b\\d{12}\\b").matcher(json).find())
                .as("account id")
                .isFalse();
        Matcher regions = Pattern.compile(
                        "\\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast)-\\d\\b")
                .matcher(json);
        while (regions.find()) {
            assertThat(regions.group()).as("region").isEqualTo(Stacks.REGION);
        }
        assertThat(json).as("literal ARN").doesNotContain("\"arn:aws:");
    }
}
