package dev.rewind.infra;

import static dev.rewind.infra.Stacks.list;
import static dev.rewind.infra.Stacks.map;
import static dev.rewind.infra.Stacks.ofType;
import static dev.rewind.infra.Stacks.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

class EdgeFirewallTest {
    /** The labels AWS documents for the Common rule set's body rules (AWS Managed Rules, "Core rule set"). */
    private static final List<String> DOCUMENTED_BODY_LABELS = List.of(
            "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body",
            "awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_Body",
            "awswaf:managed:aws:core-rule-set:GenericLFI_Body",
            "awswaf:managed:aws:core-rule-set:GenericRFI_Body",
            "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body");

    @Test
    void inEuWest1TheWebAclIsInAStackOfItsOwnInUsEast1() {
        RewindStack rewind = Stacks.deployed();
        Stack edge = Stack.of(rewind.firewall());

        assertThat(rewind.getRegion()).isEqualTo("eu-west-1");
        assertThat(edge).isInstanceOf(EdgeFirewallStack.class);
        assertThat(edge.getStackName()).isEqualTo(RewindApp.FIREWALL_STACK_NAME);
        assertThat(edge.getRegion()).isEqualTo("us-east-1");
        assertThat(rewind.getDependencies()).contains(edge);
        Stacks.firewallTemplate().resourceCountIs("AWS::WAFv2::WebACL", 1);
        Stacks.firewallTemplate().hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "CLOUDFRONT"));
        Stacks.deployedTemplate().resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    @Test
    void inEuWest1TheDistributionReadsTheWebAclArnThroughTheCrossRegionReference() {
        Object webAclId = distributionConfig(Stacks.deployedTemplate()).get("WebACLId");

        // CDK's reader of the SSM parameter the us-east-1 stack writes into eu-west-1
        assertThat(target(webAclId)).startsWith("ExportsReader");
        assertThat((String) list(map(webAclId).get("Fn::GetAtt")).get(1)).contains("FirewallWebAcl");
        assertThat(ofType(Stacks.firewallTemplate(), "Custom::CrossRegionExportWriter"))
                .hasSize(1);
    }

    @Test
    void inUsEast1OneStackHoldsTheWebAclAndTheDistributionNamesItDirectly() {
        RewindStack rewind = Stacks.usEast1();
        Template template = Stacks.usEast1Template();

        assertThat(Stack.of(rewind.firewall())).isSameAs(rewind);
        assertThat(rewind.getDependencies()).isEmpty();
        assertThat(rewind.getNode().getScope().getNode().getChildren())
                .filteredOn(Stack.class::isInstance)
                .containsExactly(rewind);
        template.resourceCountIs("AWS::WAFv2::WebACL", 1);
        String webAcl =
                ofType(template, "AWS::WAFv2::WebACL").keySet().iterator().next();
        assertThat(distributionConfig(template).get("WebACLId"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(webAcl, "Arn")));
        assertThat(ofType(template, "Custom::CrossRegionExportReader")).isEmpty();
    }

    @Test
    void aWebAclOutsideUsEast1IsRefused() {
        Stack elsewhere = new Stack(
                new App(),
                "Elsewhere",
                StackProps.builder()
                        .env(Environment.builder().region("eu-west-1").build())
                        .build());

        assertThatThrownBy(() -> new EdgeFirewall(elsewhere, "Firewall")).hasMessageContaining("us-east-1");
    }

    @Test
    void theThreeManagedRuleGroupsOfAwsAreApplied() {
        List<String> groups = rules().stream()
                .map(r -> map(r.get("Statement")).get("ManagedRuleGroupStatement"))
                .filter(g -> g != null)
                .map(g -> map(g).get("VendorName") + "/" + map(g).get("Name"))
                .toList();

        assertThat(groups)
                .containsExactlyInAnyOrder(
                        "AWS/AWSManagedRulesCommonRuleSet",
                        "AWS/AWSManagedRulesKnownBadInputsRuleSet",
                        "AWS/AWSManagedRulesAmazonIpReputationList");
    }

    @Test
    void theCommonRuleSetsBodyRulesBlockEverywhereButOnRecordings() {
        // counted inside the group...
        Map<String, Object> common =
                map(map(rule("AWSManagedRulesCommonRuleSet").get("Statement")).get("ManagedRuleGroupStatement"));
        assertThat(list(common.get("RuleActionOverrides")))
                .extracting(o -> map(o).get("Name"))
                .containsExactlyInAnyOrderElementsOf(EdgeFirewall.COMMON_BODY_RULES);
        assertThat(list(common.get("RuleActionOverrides")))
                .allSatisfy(o -> assertThat(map(o).get("ActionToUse")).isEqualTo(Map.of("Count", Map.of())));

        // ...then blocked by label, after the group, unless the path is a recording's
        Map<String, Object> block = rule("CommonBodyRulesOutsideRecordings");
        assertThat((int) block.get("Priority"))
                .isGreaterThan((int) rule("AWSManagedRulesCommonRuleSet").get("Priority"));
        assertThat(block.get("Action")).isEqualTo(Map.of("Block", Map.of()));
        List<Object> and =
                list(map(map(block.get("Statement")).get("AndStatement")).get("Statements"));
        List<Object> labels = list(map(map(and.get(0)).get("OrStatement")).get("Statements")).stream()
                .map(s -> map(map(s).get("LabelMatchStatement")).get("Key"))
                .toList();
        assertThat(labels).containsExactlyInAnyOrderElementsOf(DOCUMENTED_BODY_LABELS);
        List<Object> exempt = list(
                        map(map(map(map(and.get(1)).get("NotStatement")).get("Statement"))
                                        .get("OrStatement"))
                                .get("Statements"))
                .stream()
                .map(s -> map(map(s).get("ByteMatchStatement")).get("SearchString"))
                .toList();
        assertThat(exempt).containsExactlyInAnyOrder("/v1/ingest", "/v1/sessions/import");
    }

    @Test
    void signupIsLimitedPerAddressMoreTightlyThanAnythingElse() {
        Map<String, Object> rate = rateStatement("SignupsPerAddress");

        assertThat(rate)
                .containsEntry("AggregateKeyType", "IP")
                .containsEntry("Limit", 10)
                .containsEntry("EvaluationWindowSec", 300);
        List<Object> scope = list(
                map(map(rate.get("ScopeDownStatement")).get("AndStatement")).get("Statements"));
        assertThat(scope)
                .extracting(s -> map(map(s).get("ByteMatchStatement")).get("SearchString"))
                .containsExactlyInAnyOrder("POST", "/v1/signup");
        assertThat((int) rate.get("Limit"))
                .isLessThan((int) rateStatement("RequestsPerAddress").get("Limit"));
    }

    @Test
    void ingestIsLimitedPerIngestKeyOnTheQueryArgumentTheRecorderSendsItIn() throws Exception {
        Map<String, Object> rate = rateStatement("IngestPerKey");
        String recorder = Files.readString(repository().resolve("recorder-sdk/src/recorder.ts"));

        assertThat(rate).containsEntry("AggregateKeyType", "CUSTOM_KEYS");
        assertThat(list(rate.get("CustomKeys")))
                .singleElement()
                .satisfies(key -> assertThat(map(map(key).get("QueryArgument")).get("Name"))
                        .isEqualTo("key"));
        // where the key travels: /v1/ingest?key=… and /v1/ingest/config?key=…
        assertThat(recorder)
                .contains(
                        "/v1/ingest?key=${encodeURIComponent(options.key)}",
                        "/v1/ingest/config?key=${encodeURIComponent(options.key)}");
        assertThat(map(map(rate.get("ScopeDownStatement")).get("ByteMatchStatement")))
                .containsEntry("SearchString", "/v1/ingest")
                .containsEntry("PositionalConstraint", "STARTS_WITH");
        // below the ingest route's throttle, so one key cannot take all of it
        int routePerWindow = Api.ROUTE_THROTTLES.get("POST /v1/ingest").ratePerSecond() * EdgeFirewall.WINDOW_SECONDS;
        assertThat((int) rate.get("Limit")).isLessThan(routePerWindow);
    }

    @Test
    void everyAddressIsLimitedOnEveryPath() {
        Map<String, Object> rate = rateStatement("RequestsPerAddress");

        assertThat(rate)
                .containsEntry("AggregateKeyType", "IP")
                .containsEntry("Limit", EdgeFirewall.PER_ADDRESS)
                .doesNotContainKey("ScopeDownStatement");
    }

    @Test
    void rateLimitsAnswer429WithRetryAfterThatACrossOriginRecorderCanRead() {
        Map<String, Object> webAcl = webAcl();
        assertThat(map(map(webAcl.get("CustomResponseBodies")).get("rate_limited")))
                .containsEntry("ContentType", "APPLICATION_JSON");

        for (String name : List.of("SignupsPerAddress", "IngestPerKey", "RequestsPerAddress")) {
            Map<String, Object> response =
                    map(map(map(rule(name).get("Action")).get("Block")).get("CustomResponse"));
            assertThat(response)
                    .as(name)
                    .containsEntry("ResponseCode", 429)
                    .containsEntry("CustomResponseBodyKey", "rate_limited");
            assertThat(list(response.get("ResponseHeaders")))
                    .as(name)
                    .contains(
                            Map.of("Name", "Retry-After", "Value", "300"),
                            Map.of("Name", "Access-Control-Allow-Origin", "Value", "*"),
                            Map.of("Name", "Access-Control-Expose-Headers", "Value", "Retry-After"));
        }
    }

    @Test
    void rateLimitsComeBeforeTheManagedRules() {
        int lastRate = List.of("SignupsPerAddress", "IngestPerKey", "RequestsPerAddress").stream()
                .mapToInt(n -> (int) rule(n).get("Priority"))
                .max()
                .orElseThrow();

        for (String group : EdgeFirewall.MANAGED_RULE_GROUPS) {
            assertThat((int) rule(group).get("Priority")).isGreaterThan(lastRate);
        }
    }

    @Test
    void noRuleKeepsSampledRequestsWhichWouldHoldBearerKeys() {
        assertThat(map(webAcl().get("VisibilityConfig"))).containsEntry("SampledRequestsEnabled", false);
        assertThat(rules())
                .allSatisfy(r -> assertThat(map(r.get("VisibilityConfig")))
                        .containsEntry("SampledRequestsEnabled", false)
                        .containsEntry("CloudWatchMetricsEnabled", true));
    }

    @Test
    void theWebAclOfBothPlacementsIsTheSame() {
        Map<String, Object> usEast1 = ofType(Stacks.usEast1Template(), "AWS::WAFv2::WebACL")
                .values()
                .iterator()
                .next();

        assertThat(usEast1.get("Rules")).isEqualTo(webAcl().get("Rules"));
    }

    private static Map<String, Object> webAcl() {
        return ofType(Stacks.firewallTemplate(), "AWS::WAFv2::WebACL")
                .values()
                .iterator()
                .next();
    }

    private static List<Map<String, Object>> rules() {
        return list(webAcl().get("Rules")).stream().map(Stacks::map).toList();
    }

    private static Map<String, Object> rule(String name) {
        return rules().stream()
                .filter(r -> name.equals(r.get("Name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }

    private static Map<String, Object> rateStatement(String name) {
        return map(map(rule(name).get("Statement")).get("RateBasedStatement"));
    }

    static Map<String, Object> distributionConfig(Template template) {
        return map(ofType(template, "AWS::CloudFront::Distribution")
                .values()
                .iterator()
                .next()
                .get("DistributionConfig"));
    }

    private static Path repository() {
        return RewindApp.repositoryRoot(Path.of("").toAbsolutePath());
    }
}
