package dev.rewind.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateHygieneTest {
    @Test
    void theTemplateNamesNoAccountIdRegionOrArnLiterally() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Stacks.deployedTemplate().toJSON());

        assertThat(Pattern.compile("\\b\\d{12}\\b").matcher(json).find()).as("account id").isFalse();
        assertThat(Pattern.compile("\\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast)-\\d\\b")
                .matcher(json).find()).as("region").isFalse();
        assertThat(json).as("literal ARN").doesNotContain("\"arn:aws:");
    }
}
