package dev.rewind.aws;

import dev.rewind.common.Metrics;
import java.util.List;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * The metrics port on Powertools for AWS Lambda (Java) metrics, through its functional API: each call is
 * one Embedded Metric Format document flushed to stdout at once, which CloudWatch Logs turns into metrics
 * of the {@link #NAMESPACE} namespace (docs/DEPLOY.md, "Metrics"). No annotation or AspectJ weaving, no
 * state kept between calls (a document per call, so concurrent requests of the local runner do not mix).
 * The only dimension is {@code Reason} on refusals; tenant ids, keys and session ids never go in.
 *
 * <p>The instance comes from {@link EmfMetricsProvider}, not {@code MetricsFactory.getMetricsInstance()}:
 * the factory's instance is request-scoped, keyed by the invocation's X-Ray trace id (which Lambda sets for
 * every invocation), and drops an invocation's entry only in {@code flush()}; with {@code flushMetrics}
 * alone it would keep one logger per invocation for the life of the instance.
 */
public final class EmfMetrics implements Metrics {
    /** The CloudWatch namespace of every metric; the CDK app's alarms and dashboard name it too. */
    public static final String NAMESPACE = "Rewind";

    public static final String CHUNKS_STORED = "ChunksStored";
    public static final String CHUNK_BYTES = "ChunkBytes";
    public static final String SESSIONS_STARTED = "SessionsStarted";
    public static final String CHUNKS_REFUSED = "ChunksRefused";
    public static final String SESSIONS_ERASED = "SessionsErased";
    public static final String SESSIONS_FINISHED = "SessionsFinished";
    public static final String REASON = "Reason";

    /** No dimensions: one metric per name for the whole deployment. */
    private static final DimensionSet NO_DIMENSIONS = DimensionSet.of(Map.of());

    private final software.amazon.lambda.powertools.metrics.Metrics metrics;

    public EmfMetrics() {
        // named rather than discovered: discovery probes EC2's metadata endpoint, and outside Lambda then tries
        // a CloudWatch agent on a socket; the local runner and the tests print the same documents on stdout
        EnvironmentConfigurationProvider.getConfig()
                .setEnvironmentOverride(
                        System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? Environments.Lambda : Environments.Local);
        // built at init, so SnapStart's snapshot holds the library's classes
        this.metrics = new EmfMetricsProvider().getMetricsInstance();
    }

    @Override
    public void chunkStored(long gzipBytes, boolean startedSession) {
        metrics.flushMetrics(m -> {
            start(m, NO_DIMENSIONS);
            m.addMetric(CHUNKS_STORED, 1, MetricUnit.COUNT);
            m.addMetric(CHUNK_BYTES, gzipBytes, MetricUnit.BYTES);
            m.addMetric(SESSIONS_STARTED, startedSession ? 1 : 0, MetricUnit.COUNT);
        });
    }

    @Override
    public void chunkRefused(Refusal reason) {
        metrics.flushMetrics(m -> {
            start(m, DimensionSet.of(REASON, reason.code));
            m.addMetric(CHUNKS_REFUSED, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void sessionsErased(int sessions) {
        count(SESSIONS_ERASED, sessions);
    }

    @Override
    public void sessionsFinished(int sessions) {
        count(SESSIONS_FINISHED, sessions);
    }

    private void count(String name, int value) {
        metrics.flushMetrics(m -> {
            start(m, NO_DIMENSIONS);
            m.addMetric(name, value, MetricUnit.COUNT);
        });
    }

    /**
     * Serializes one document of each shape without printing it, for SnapStart's snapshot
     * (priming/Priming): the library's first serialization builds its Jackson serializers, about 200 ms
     * on a loaded 2-core machine (docs/DEPLOY.md, "Metrics"), which every restored instance would otherwise
     * pay on its first chunk.
     */
    public static void prime() {
        try {
            for (software.amazon.cloudwatchlogs.emf.model.DimensionSet dimensions : List.of(
                    new software.amazon.cloudwatchlogs.emf.model.DimensionSet(),
                    software.amazon.cloudwatchlogs.emf.model.DimensionSet.of(REASON, "priming"))) {
                MetricsContext context = new MetricsContext();
                context.setNamespace(NAMESPACE);
                context.setDimensions(dimensions);
                context.putMetric(CHUNKS_STORED, 1, Unit.COUNT);
                context.putMetric(CHUNK_BYTES, 1, Unit.BYTES);
                context.serialize();
            }
        } catch (Exception e) {
            throw new IllegalStateException("EMF priming failed", e);
        }
    }

    /** The namespace, and exactly these dimensions instead of the library's defaults (log group, function). */
    private static void start(software.amazon.lambda.powertools.metrics.Metrics m, DimensionSet dimensions) {
        m.setNamespace(NAMESPACE);
        m.setDefaultDimensions(dimensions);
    }
}
