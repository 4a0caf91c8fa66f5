package dev.rewind.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * AWS WAF in front of everything the distribution serves (console, API, ingest, recorder): AWS's managed
 * rule groups plus rate limits per address, per ingest key and on signup. A web ACL for CloudFront
 * must be created in {@link #REGION}; {@link RewindApp} puts this construct in the Rewind stack when
 * that is the stack's region and in a small stack of its own there otherwise.
 *
 * <p>Rate limits answer {@code 429 rate_limited} with {@code Retry-After} and CORS headers, the answer
 * the recorder backs off from: a 403 would make it stop recording for the page (it reads 401/403 as a
 * rejected key). Recording bodies (rrweb JSON or gzip) are not matched by the Common rule set's body
 * rules, which would take recorded pages for attacks; those rules still block on every other route.
 */
public final class EdgeFirewall extends Construct {
    /** CloudFront reads web ACLs (and certificates) from this region only. */
    public static final String REGION = "us-east-1";

    /** WAF counts requests over this window; every limit below is per window. */
    public static final int WINDOW_SECONDS = 300;
    /**
     * Requests from one address, all paths: 3,000 in five minutes is 10/s, the ~10 requests a
     * recording visitor makes in five minutes (30 s batches, a config call) for 300 visitors behind one
     * NAT. Above that it is a flood.
     */
    public static final int PER_ADDRESS = 3_000;
    /**
     * Ingest and config calls of one ingest key: the design load of the largest tenant, ≈ 4,000
     * chunks/s (Api.ROUTE_THROTTLES), so a leaked key cannot take the whole route throttle (5,000/s) from
     * every other tenant. Per-tenant plans are enforced by ingest itself (docs/SECURITY.md).
     */
    public static final int PER_INGEST_KEY = 4_000 * WINDOW_SECONDS;
    /** Signups from one address: WAF's smallest limit (10), a few people at one office signing up. */
    public static final int SIGNUPS_PER_ADDRESS = 10;
    /** What a rate-limited client is told to wait: one window. */
    public static final int RETRY_AFTER_SECONDS = WINDOW_SECONDS;

    /** The query argument the recorder sends its ingest key in (recorder-sdk/src/recorder.ts). */
    public static final String INGEST_KEY_ARGUMENT = "key";

    public static final String INGEST_PATH_PREFIX = "/v1/ingest";
    public static final String SIGNUP_PATH = "/v1/signup";
    /** Routes whose bodies are recordings: the Common rule set's body rules only count there. */
    public static final List<String> RECORDING_PATHS = List.of("/v1/ingest", "/v1/sessions/import");

    /** The Common rule set's rules that read the body. */
    public static final List<String> COMMON_BODY_RULES = List.of(
            "SizeRestrictions_BODY",
            "EC2MetaDataSSRF_BODY",
            "GenericLFI_BODY",
            "GenericRFI_BODY",
            "CrossSiteScripting_BODY");

    public static final List<String> MANAGED_RULE_GROUPS = List.of(
            "AWSManagedRulesAmazonIpReputationList",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesCommonRuleSet");

    static final String RATE_LIMITED_BODY = "rate_limited";

    private final CfnWebACL webAcl;

    public EdgeFirewall(Construct scope, String id) {
        super(scope, id);
        String region = Stack.of(this).getRegion();
        if (!REGION.equals(region)) {
            throw new IllegalStateException("A CloudFront web ACL must be created in " + REGION + ", not in " + region);
        }
        List<Object> rules = new ArrayList<>();
        rules.add(rateRule(
                "SignupsPerAddress",
                rules.size(),
                SIGNUPS_PER_ADDRESS,
                "IP",
                null,
                and(method("POST"), path(SIGNUP_PATH, "EXACTLY"))));
        rules.add(rateRule(
                "IngestPerKey",
                rules.size(),
                PER_INGEST_KEY,
                "CUSTOM_KEYS",
                List.of(CfnWebACL.RateBasedStatementCustomKeyProperty.builder()
                        .queryArgument(CfnWebACL.RateLimitQueryArgumentProperty.builder()
                                .name(INGEST_KEY_ARGUMENT)
                                .textTransformations(List.of(noTransformation()))
                                .build())
                        .build()),
                path(INGEST_PATH_PREFIX, "STARTS_WITH")));
        rules.add(rateRule("RequestsPerAddress", rules.size(), PER_ADDRESS, "IP", null, null));
        for (String group : MANAGED_RULE_GROUPS) {
            rules.add(managedGroup(group, rules.size()));
        }
        rules.add(commonBodyRulesOutsideRecordings(rules.size()));

        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(Stack.of(this).getStackName() + "-edge")
                .description("Rewind: managed rules and rate limits in front of the console, API, ingest and recorder")
                .scope("CLOUDFRONT")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .customResponseBodies(Map.of(
                        RATE_LIMITED_BODY,
                        CfnWebACL.CustomResponseBodyProperty.builder()
                                .contentType("APPLICATION_JSON")
                                .content(
                                        "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests from this address or key, retry later\"}}")
                                .build()))
                .visibilityConfig(visibility("RewindEdge"))
                .rules(rules)
                .build();
    }

    /** Blocks with 429, Retry-After and the CORS headers a cross-origin recorder needs to read them. */
    private static CfnWebACL.RuleProperty rateRule(
            String name,
            int priority,
            int limit,
            String aggregateKeyType,
            List<CfnWebACL.RateBasedStatementCustomKeyProperty> customKeys,
            CfnWebACL.StatementProperty scopeDown) {
        CfnWebACL.RateBasedStatementProperty.Builder rate = CfnWebACL.RateBasedStatementProperty.builder()
                .limit(limit)
                .evaluationWindowSec(WINDOW_SECONDS)
                .aggregateKeyType(aggregateKeyType);
        if (customKeys != null) {
            rate.customKeys(customKeys);
        }
        if (scopeDown != null) {
            rate.scopeDownStatement(scopeDown);
        }
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(rate.build())
                        .build())
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder()
                                .customResponse(CfnWebACL.CustomResponseProperty.builder()
                                        .responseCode(429)
                                        .customResponseBodyKey(RATE_LIMITED_BODY)
                                        .responseHeaders(List.of(
                                                header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)),
                                                header("Access-Control-Allow-Origin", "*"),
                                                header("Access-Control-Expose-Headers", "Retry-After")))
                                        .build())
                                .build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.RuleProperty managedGroup(String name, int priority) {
        CfnWebACL.ManagedRuleGroupStatementProperty.Builder group =
                CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                        .vendorName("AWS")
                        .name(name);
        if (name.equals("AWSManagedRulesCommonRuleSet")) {
            // counted (and labelled) here, blocked by the next rule outside the recording routes
            group.ruleActionOverrides(COMMON_BODY_RULES.stream()
                    .map(rule -> (Object) CfnWebACL.RuleActionOverrideProperty.builder()
                            .name(rule)
                            .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                    .count(CfnWebACL.CountActionProperty.builder()
                                            .build())
                                    .build())
                            .build())
                    .toList());
        }
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(group.build())
                        .build())
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                        .none(Map.of())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    /** Any of the counted body rules matched, and the path is not one whose body is a recording. */
    private static CfnWebACL.RuleProperty commonBodyRulesOutsideRecordings(int priority) {
        List<Object> labels = COMMON_BODY_RULES.stream()
                .map(rule -> (Object) CfnWebACL.StatementProperty.builder()
                        .labelMatchStatement(CfnWebACL.LabelMatchStatementProperty.builder()
                                .scope("LABEL")
                                .key(commonRuleLabel(rule))
                                .build())
                        .build())
                .toList();
        List<Object> recordings =
                RECORDING_PATHS.stream().map(p -> (Object) path(p, "EXACTLY")).toList();
        String name = "CommonBodyRulesOutsideRecordings";
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(and(
                        CfnWebACL.StatementProperty.builder()
                                .orStatement(CfnWebACL.OrStatementProperty.builder()
                                        .statements(labels)
                                        .build())
                                .build(),
                        CfnWebACL.StatementProperty.builder()
                                .notStatement(CfnWebACL.NotStatementProperty.builder()
                                        .statement(CfnWebACL.StatementProperty.builder()
                                                .orStatement(CfnWebACL.OrStatementProperty.builder()
                                                        .statements(recordings)
                                                        .build())
                                                .build())
                                        .build())
                                .build()))
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    /** The label a Common rule set rule adds: {@code SizeRestrictions_BODY} labels {@code …:SizeRestrictions_Body}. */
    static String commonRuleLabel(String rule) {
        return "awswaf:managed:aws:core-rule-set:" + rule.replace("_BODY", "_Body");
    }

    private static CfnWebACL.StatementProperty and(CfnWebACL.StatementProperty... statements) {
        return CfnWebACL.StatementProperty.builder()
                .andStatement(CfnWebACL.AndStatementProperty.builder()
                        .statements(List.of((Object[]) statements))
                        .build())
                .build();
    }

    private static CfnWebACL.StatementProperty method(String method) {
        return CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                .method(Map.of())
                                .build())
                        .positionalConstraint("EXACTLY")
                        .searchString(method)
                        .textTransformations(List.of(noTransformation()))
                        .build())
                .build();
    }

    private static CfnWebACL.StatementProperty path(String path, String constraint) {
        return CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                .uriPath(Map.of())
                                .build())
                        .positionalConstraint(constraint)
                        .searchString(path)
                        .textTransformations(List.of(noTransformation()))
                        .build())
                .build();
    }

    private static CfnWebACL.TextTransformationProperty noTransformation() {
        return CfnWebACL.TextTransformationProperty.builder()
                .priority(0)
                .type("NONE")
                .build();
    }

    private static CfnWebACL.CustomHTTPHeaderProperty header(String name, String value) {
        return CfnWebACL.CustomHTTPHeaderProperty.builder()
                .name(name)
                .value(value)
                .build();
    }

    /**
     * Metrics on, sampled requests off: WAF keeps sampled requests with all their headers, and the
     * console's requests carry the api key as a bearer token (docs/SECURITY.md).
     */
    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                .sampledRequestsEnabled(false)
                .build();
    }

    /** What the distribution names as its web ACL. */
    public String webAclArn() {
        return webAcl.getAttrArn();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
