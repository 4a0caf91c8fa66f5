package dev.rewind.infra;

import software.amazon.awscdk.services.logs.RetentionDays;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
 */
public record DeploymentSettings(
        Path functionsJar,
        Path consoleDist,
        Path sdkDist,
        String sdkVersion,
        boolean deletionProtection,
        int logRetentionDays,
        Optional<String> alarmEmail,
        Optional<Integer> ingestReservedConcurrency) {

    public static final String CONTEXT_FUNCTIONS_JAR = "functionsJar";
    public static final String CONTEXT_DELETION_PROTECTION = "deletionProtection";
    public static final String CONTEXT_LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String CONTEXT_ALARM_EMAIL = "alarmEmail";
    public static final String CONTEXT_INGEST_RESERVED_CONCURRENCY = "ingestReservedConcurrency";

    /** A month of logs is enough to investigate an incident and costs little (logs are per request). */
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;

    /** The retentions CloudWatch Logs offers, up to two years. */
    private static final Map<Integer, RetentionDays> LOG_RETENTIONS = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS));

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");

    public DeploymentSettings {
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException("The functions deployment jar " + functionsJar.toAbsolutePath().normalize()
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
