package dev.rewind.infra;

import dev.rewind.http.ConsolePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersCorsBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The one front door: CloudFront serves the console and the recorder from a private bucket (origin
 * access control) and {@code /v1/*} (the console API, ingest from customers' sites, signup, share
 * links) from the HTTP API, just as the local runner serves everything on one origin. The recorder
 * bundle lives under a versioned path and is cached for a year. AWS WAF ({@link EdgeFirewall}) sees
 * every request; the API answers only requests that carry CloudFront's origin header ({@link Api}).
 * With a custom domain the distribution presents its certificate and refuses TLS below 1.2.
 */
public final class ConsoleSite extends Construct {
    public static final String SDK_BUNDLE = "rewind.js";
    /** The asset capture the recorder loads beside itself once a page is recorded (docs/ASSETS.md). */
    public static final String SDK_ASSETS_BUNDLE = "rewind-assets.js";
    /** rrweb's canvas worker, which the recorder loads beside itself when a tenant records canvas (docs/ASSETS.md). */
    public static final String SDK_CANVAS_BUNDLE = "rewind-canvas.js";

    /** What the console reads to sign users in: the user pool's endpoint and app client (docs/CONSOLE.md, "Signing in"). */
    public static final String CONFIG_FILE = "config.json";

    public static final String SDK_PATH = "/sdk/";
    public static final String API_PATH = "/v1/*";

    /** A versioned bundle never changes: browsers and CloudFront keep it for a year. */
    public static final String SDK_CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** The console's files are revalidated on every load, so a deploy shows at once. */
    public static final String CONSOLE_CACHE_CONTROL = "no-cache";

    public static final Duration HSTS_MAX_AGE = Duration.days(730);
    /** With a custom domain: TLS 1.2 or newer (CloudFront's own *.cloudfront.net certificate still allows TLS 1.0). */
    public static final SecurityPolicyProtocol MINIMUM_TLS = SecurityPolicyProtocol.TLS_V1_2_2021;
    /** CloudFront standard logs, when turned on, are kept under this prefix of the logging bucket. */
    public static final String CLOUDFRONT_LOG_PREFIX = "cloudfront/";

    /**
     * A path without a file extension is a console route (/sessions/abc): serve the app shell. Done at
     * the edge rather than with 403/404 error responses, which CloudFront would apply to the API's
     * own 404s under /v1/ too.
     */
    static final String SPA_ROUTING = """
            function handler(event) {
              var request = event.request;
              var uri = request.uri;
              if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
                request.uri = '/index.html';
              }
              return request;
            }
            """;

    private final Bucket bucket;
    private final Distribution distribution;
    private final String sdkVersion;
    private final Optional<DeploymentSettings.CustomDomain> customDomain;
    private final Optional<Bucket> logs;

    /**
     * @param userPoolClientId the console's app client, which {@code /config.json} names beside the console
     */
    public ConsoleSite(
            Construct scope,
            String id,
            Api api,
            DeploymentSettings settings,
            String webAclArn,
            String userPoolClientId) {
        super(scope, id);
        this.sdkVersion = settings.sdkVersion();
        this.customDomain = settings.customDomain();
        this.bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        IOrigin files = S3BucketOrigin.withOriginAccessControl(bucket);

        ResponseHeadersPolicy consoleHeaders = ResponseHeadersPolicy.Builder.create(this, "ConsoleHeaders")
                .comment("Rewind console: CSP, HSTS, no framing, no sniffing")
                .securityHeadersBehavior(securityHeaders(contentSecurityPolicy()))
                .build();
        ResponseHeadersPolicy sdkHeaders = ResponseHeadersPolicy.Builder.create(this, "SdkHeaders")
                .comment("Rewind recorder: loaded by customers' sites from any origin")
                .corsBehavior(ResponseHeadersCorsBehavior.builder()
                        .accessControlAllowOrigins(List.of("*"))
                        .accessControlAllowMethods(List.of("GET", "HEAD"))
                        .accessControlAllowHeaders(List.of("*"))
                        .accessControlAllowCredentials(false)
                        .originOverride(true)
                        .build())
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                                .override(true)
                                .build())
                        .strictTransportSecurity(hsts())
                        .build())
                .build();
        software.amazon.awscdk.services.cloudfront.Function spaRouting =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "SpaRouting")
                        .comment("Console routes are served the app shell")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(SPA_ROUTING))
                        .build();

        this.logs = settings.cloudFrontLogs() ? Optional.of(logBucket(settings)) : Optional.empty();
        Distribution.Builder cdn = Distribution.Builder.create(this, "Cdn")
                .comment("Rewind console, recorder, API and ingest")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .webAclId(webAclArn)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(files)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(consoleHeaders)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(spaRouting)
                                .build()))
                        .compress(true)
                        .build())
                .additionalBehaviors(Map.of(
                        SDK_PATH + "*",
                        BehaviorOptions.builder()
                                .origin(files)
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                                .responseHeadersPolicy(sdkHeaders)
                                .compress(true)
                                .build(),
                        API_PATH,
                        BehaviorOptions.builder()
                                .origin(HttpOrigin.Builder.create(api.domainName())
                                        .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                                        // the API's authorizer lets through only requests with this header
                                        .customHeaders(Map.of(Api.ORIGIN_VERIFY_HEADER, api.originVerifyValue()))
                                        .build())
                                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                                .allowedMethods(AllowedMethods.ALLOW_ALL)
                                // never cached, every header but Host (API Gateway routes on its own Host)
                                .cachePolicy(CachePolicy.CACHING_DISABLED)
                                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                                .responseHeadersPolicy(consoleHeaders)
                                .build()));
        customDomain.ifPresent(domain -> cdn.domainNames(List.of(domain.domainName()))
                .certificate(Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn()))
                .minimumProtocolVersion(MINIMUM_TLS));
        logs.ifPresent(bucket ->
                cdn.logBucket(bucket).logFilePrefix(CLOUDFRONT_LOG_PREFIX).logIncludesCookies(false));
        this.distribution = cdn.build();

        deployBuiltFiles(settings, userPoolClientId);
    }

    /**
     * Private, encrypted, TLS only, expiring with the other logs. CloudFront's standard logs are
     * delivered with an ACL, so this bucket keeps ACLs on (owner preferred), unlike every other.
     */
    private Bucket logBucket(DeploymentSettings settings) {
        return Bucket.Builder.create(this, "Logs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-logs")
                        .enabled(true)
                        .expiration(Duration.days(settings.logRetentionDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * The console's CSP (one definition: ConsolePolicy, which the local runner uses too). The chunk
     * bucket is named by its region's S3 hosts, regional and global (us-east-1's pre-signed URLs use the
     * global one): naming the bucket itself would make the CSP depend on the bucket, whose CORS rule
     * depends on this distribution.
     */
    static String contentSecurityPolicy() {
        return ConsolePolicy.contentSecurityPolicy(
                ConsolePolicy.s3ChunkSources(Aws.REGION, Aws.URL_SUFFIX),
                ConsolePolicy.userPoolSource(Aws.REGION, Aws.URL_SUFFIX));
    }

    /**
     * {@code /config.json}: the console calls Cognito's regional endpoint with the console's app client,
     * as the local runner's same-origin {@code /cognito/} path does on the emulator.
     */
    static Map<String, Object> consoleConfig(String userPoolClientId) {
        return Map.of(
                "cognito",
                Map.of(
                        "url",
                        ConsolePolicy.userPoolSource(Aws.REGION, Aws.URL_SUFFIX) + "/",
                        "clientId",
                        userPoolClientId));
    }

    private static ResponseSecurityHeadersBehavior securityHeaders(String csp) {
        return ResponseSecurityHeadersBehavior.builder()
                .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                        .contentSecurityPolicy(csp)
                        .override(true)
                        .build())
                .strictTransportSecurity(hsts())
                .frameOptions(ResponseHeadersFrameOptions.builder()
                        .frameOption(HeadersFrameOption.DENY)
                        .override(true)
                        .build())
                .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                        .override(true)
                        .build())
                .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                        .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                        .override(true)
                        .build())
                .build();
    }

    private static ResponseHeadersStrictTransportSecurity hsts() {
        return ResponseHeadersStrictTransportSecurity.builder()
                .accessControlMaxAge(HSTS_MAX_AGE)
                .includeSubdomains(true)
                .override(true)
                .build();
    }

    /**
     * Uploads web-console/dist and recorder-sdk/dist when they have been built. A real synth or deploy
     * requires both (cdk.json's requireBundles, checked in RewindApp; make synth builds them); tests that
     * are not about the site synthesize without them.
     */
    private void deployBuiltFiles(DeploymentSettings settings, String userPoolClientId) {
        if (settings.builtConsole().isEmpty() && settings.builtSdk().isEmpty()) {
            return;
        }
        LogGroup deployLogs = LogGroup.Builder.create(this, "DeployLogs")
                .retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role deployRole = Role.Builder.create(this, "DeployRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Copies the built console and recorder into the site bucket")
                .build();
        deployRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(deployLogs.getLogGroupArn()))
                .build());

        // CDK's own grants to the deployment role use wildcard actions on whole buckets; they are
        // dropped (an immutable view of the role) and replaced by what `aws s3 cp` + `sync` call.
        IRole deployer = deployRole.withoutPolicyUpdates();
        deployRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .build());
        deployRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .build());

        settings.builtConsole()
                .ifPresent(dist -> deploy(
                        "DeployConsole",
                        dist,
                        deployRole,
                        deployer,
                        deployLogs,
                        // written by the same deployment, so that its pruning keeps it
                        List.of(Source.jsonData(CONFIG_FILE, consoleConfig(userPoolClientId))),
                        deployment -> deployment
                                // the recorder's versions live beside the console and are never pruned by it
                                .exclude(List.of(SDK_PATH.substring(1) + "*"))
                                .cacheControl(List.of(CacheControl.fromString(CONSOLE_CACHE_CONTROL)))));
        settings.builtSdk()
                .ifPresent(dist -> deploy(
                        "DeploySdk",
                        dist,
                        deployRole,
                        deployer,
                        deployLogs,
                        List.of(),
                        deployment -> deployment
                                .destinationKeyPrefix(sdkPrefix())
                                .exclude(List.of("*"))
                                .include(List.of(SDK_BUNDLE, SDK_BUNDLE + ".map", SDK_ASSETS_BUNDLE, SDK_CANVAS_BUNDLE))
                                .cacheControl(List.of(CacheControl.fromString(SDK_CACHE_CONTROL)))
                                // sites may pin an older version: keep every version ever deployed
                                .prune(false)));
    }

    private void deploy(
            String id,
            Path dist,
            Role role,
            IRole deployer,
            LogGroup logs,
            List<ISource> generated,
            java.util.function.UnaryOperator<BucketDeployment.Builder> options) {
        Asset files =
                Asset.Builder.create(this, id + "Files").path(dist.toString()).build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(files.getBucket().arnForObjects(files.getS3ObjectKey())))
                .build());
        List<ISource> sources = new ArrayList<>(List.of(Source.bucket(files.getBucket(), files.getS3ObjectKey())));
        sources.addAll(generated);
        BucketDeployment deployment = options.apply(BucketDeployment.Builder.create(this, id)
                        .sources(sources)
                        .destinationBucket(bucket)
                        .role(deployer)
                        .logGroup(logs))
                .build();
        // the copy runs only once the role may read the files and write the bucket
        deployment.getNode().addDependency(role);
    }

    /** {@code sdk/v0.1.0/} */
    String sdkPrefix() {
        return SDK_PATH.substring(1) + "v" + sdkVersion + "/";
    }

    /** The public origin: https://rewind.example.com with a custom domain, else https://d1234.cloudfront.net */
    public String url() {
        return customDomain.map(domain -> "https://" + domain.domainName()).orElseGet(this::distributionUrl);
    }

    /** https://d1234.cloudfront.net: CloudFront's own name, which serves the site with a custom domain too. */
    public String distributionUrl() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /** Every origin the console is served on: the public one, and CloudFront's own when they differ. */
    public List<String> origins() {
        List<String> origins = new ArrayList<>(List.of(url()));
        customDomain.ifPresent(domain -> origins.add(distributionUrl()));
        return origins;
    }

    /** https://rewind.example.com/sdk/v0.1.0/rewind.js: what the snippet loads. */
    public String sdkUrl() {
        return url() + "/" + sdkPrefix() + SDK_BUNDLE;
    }

    public Bucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }

    public Optional<Bucket> logs() {
        return logs;
    }
}
