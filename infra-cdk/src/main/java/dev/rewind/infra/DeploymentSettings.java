package dev.rewind.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What an operator may choose per deployment (CDK context, {@code cdk deploy -c key=value}) and where
 * the build outputs are. Everything else is fixed in the constructs, next to what it configures.
 *
 * @param functionsJar              the shaded deployment jar of the functions module; must exist
 * @param consoleDist               the built console (web-console/dist), deployed only if it exists
 * @param sdkDist                   the built recorder (recorder-sdk/dist), deployed only if it exists
 * @param sdkVersion                the recorder's version: its bundle is served under /sdk/v&lt;version&gt;/
 * @param deletionProtection        protects the tables from deletion and retains them with the bucket on stack delete
 * @param logRetentionDays          how long every Lambda's log group keeps its logs
 * @param alarmEmail                where alarm notifications go (empty: only the SNS topic)
 * @param ingestReservedConcurrency a hard cap on concurrent ingest Lambdas (empty: only the API throttle and alarms)
 * @param customDomain              the public host name and its ACM certificate (empty: CloudFront's own *.cloudfront.net)
 * @param tracing                   X-Ray active tracing on every function
 * @param cloudFrontLogs            CloudFront standard logs into the logging bucket (off: their URLs hold share tokens,
 *                                  user ids and ingest keys, docs/SECURITY.md)
 */
public record DeploymentSettings(
        Path functionsJar,
        Path consoleDist,
        Path sdkDist,
        String sdkVersion,
        boolean deletionProtection,
        int logRetentionDays,
        Optional<String> alarmEmail,
        Optional<Integer> ingestReservedConcurrency,
        Optional<CustomDomain> customDomain,
        boolean tracing,
        boolean cloudFrontLogs) {

    public static final String CONTEXT_FUNCTIONS_JAR = "functionsJar";
    public static final String CONTEXT_DELETION_PROTECTION = "deletionProtection";
    public static final String CONTEXT_LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String CONTEXT_ALARM_EMAIL = "alarmEmail";
    public static final String CONTEXT_INGEST_RESERVED_CONCURRENCY = "ingestReservedConcurrency";
    public static final String CONTEXT_DOMAIN_NAME = "domainName";
    public static final String CONTEXT_CERTIFICATE_ARN = "certificateArn";
    public static final String CONTEXT_TRACING = "tracing";
    public static final String CONTEXT_CLOUDFRONT_LOGS = "cloudFrontLogs";

    /** A month of logs is enough to investigate an incident and costs little (logs are per request). */
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;

    /** The retentions CloudWatch Logs offers, up to two years. */
    private static final Map<Integer, RetentionDays> LOG_RETENTIONS = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY),
            Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS),
            Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS),
            Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS),
            Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS),
            Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS),
            Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS),
            Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS));

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");

    public DeploymentSettings {
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException("The functions deployment jar "
                    + functionsJar.toAbsolutePath().normalize()
                    + " does not exist. Build it first: mvn -pl functions -am package -DskipTests (or make synth).");
        }
        if (!VERSION.matcher(sdkVersion).matches()) {
            throw new IllegalArgumentException("The recorder version must look like 1.2.3, got '" + sdkVersion + "'");
        }
        if (!LOG_RETENTIONS.containsKey(logRetentionDays)) {
            throw new IllegalArgumentException("CloudWatch Logs cannot keep logs for " + logRetentionDays
                    + " days; choose one of " + new java.util.TreeSet<>(LOG_RETENTIONS.keySet()));
        }
        ingestReservedConcurrency.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("ingestReservedConcurrency must be at least 1, got " + n);
            }
        });
    }

    /** The defaults of the options added since: CloudFront's own domain, no tracing, no CloudFront logs. */
    public DeploymentSettings(
            Path functionsJar,
            Path consoleDist,
            Path sdkDist,
            String sdkVersion,
            boolean deletionProtection,
            int logRetentionDays,
            Optional<String> alarmEmail,
            Optional<Integer> ingestReservedConcurrency) {
        this(
                functionsJar,
                consoleDist,
                sdkDist,
                sdkVersion,
                deletionProtection,
                logRetentionDays,
                alarmEmail,
                ingestReservedConcurrency,
                Optional.empty(),
                false,
                false);
    }

    /**
     * The console's own host name (a CNAME or alias record to the distribution is the operator's) and the
     * ACM certificate CloudFront presents for it. CloudFront only takes certificates from us-east-1,
     * whatever the stack's region.
     */
    public record CustomDomain(String domainName, String certificateArn) {
        /** The one region CloudFront reads certificates from. */
        public static final String CERTIFICATE_REGION = "us-east-1";

        private static final Pattern HOST =
                Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
        private static final Pattern CERTIFICATE =
                Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[0-9a-f-]+");

        public CustomDomain {
            if (!HOST.matcher(domainName).matches()) {
                throw new IllegalArgumentException(
                        "domainName must be a lower-case host name such as rewind.example.com, got '" + domainName
                                + "'");
            }
            var arn = CERTIFICATE.matcher(certificateArn);
            if (!arn.matches()) {
                throw new IllegalArgumentException(
                        "certificateArn must be an ACM certificate ARN, got '" + certificateArn + "'");
            }
            if (!arn.group(1).equals(CERTIFICATE_REGION)) {
                throw new IllegalArgumentException("CloudFront only uses ACM certificates from " + CERTIFICATE_REGION
                        + "; " + certificateArn + " is in " + arn.group(1) + ". Request or import the certificate for "
                        + domainName + " in " + CERTIFICATE_REGION + ".");
            }
        }

        /** Both context values or neither: one alone is a mistake worth stopping the synth for. */
        public static Optional<CustomDomain> of(Optional<String> domainName, Optional<String> certificateArn) {
            if (domainName.isPresent() != certificateArn.isPresent()) {
                throw new IllegalArgumentException("Give both -c " + CONTEXT_DOMAIN_NAME + "=… and -c "
                        + CONTEXT_CERTIFICATE_ARN + "=… (a certificate in " + CERTIFICATE_REGION + "), or neither");
            }
            return domainName.map(name -> new CustomDomain(name, certificateArn.orElseThrow()));
        }
    }

    public RetentionDays logRetention() {
        return LOG_RETENTIONS.get(logRetentionDays);
    }

    /** Deploy the console only once it has been built: synth works on a fresh clone too. */
    public Optional<Path> builtConsole() {
        return Files.isRegularFile(consoleDist.resolve("index.html")) ? Optional.of(consoleDist) : Optional.empty();
    }

    /** Deploy the recorder only once it has been built. */
    public Optional<Path> builtSdk() {
        return Files.isRegularFile(sdkDist.resolve(ConsoleSite.SDK_BUNDLE)) ? Optional.of(sdkDist) : Optional.empty();
    }
}
