package dev.rewind.infra;

import dev.rewind.http.Routes;
import dev.rewind.storage.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * What an operator watches: alarms on what users would notice (ingest failing, functions failing or
 * throttled, DynamoDB throttling, expired chunks piling up, work given up on in a dead-letter queue) and
 * on what drives the bill (ingest concurrency), all to one SNS topic, plus one dashboard.
 */
public final class Operations extends Construct {
    public static final Duration PERIOD = Duration.minutes(5);
    /** Percent of ingest requests answered 5xx in five minutes. */
    public static final int INGEST_5XX_PERCENT = 1;
    /** Below this many ingest requests in five minutes a rate says nothing. */
    public static final int INGEST_5XX_MIN_REQUESTS = 20;
    /** Every unhandled exception or timeout is a bug: handlers answer bad input with 4xx. */
    public static final int FUNCTION_ERRORS = 1;

    public static final int FUNCTION_THROTTLES = 1;
    public static final int DYNAMODB_THROTTLE_EVENTS = 1;
    /** ≈ 10,000 ingest requests/s at 50 ms: twice the API throttle, so only a runaway gets here. */
    public static final int INGEST_CONCURRENCY = 500;
    /** Expired sessions' chunks should be gone within the hour. */
    public static final Duration STREAM_ITERATOR_AGE = Duration.hours(1);
    /** One message in a dead-letter queue is work that failed for good: redrive it (docs/DEPLOY.md). */
    public static final int DEAD_LETTERS = 1;

    private final Topic alarmTopic;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private final Dashboard dashboard;

    public Operations(
            Construct scope,
            String id,
            Api api,
            Map<Routes.Function, RewindFunction> functions,
            Storage storage,
            Map<String, IQueue> deadLetterQueues,
            Optional<String> alarmEmail) {
        super(scope, id);
        this.alarmTopic = Topic.Builder.create(this, "Alarms")
                .displayName("Rewind alarms")
                .enforceSsl(true)
                .build();
        alarmEmail.ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

        MathExpression ingest5xxPercent = ingest5xxPercent(api);
        alarm(
                "Ingest5xxRate",
                "More than " + INGEST_5XX_PERCENT + " % of ingest requests failed with 5xx: chunks may be lost",
                ingest5xxPercent,
                INGEST_5XX_PERCENT);

        for (RewindFunction function : functions.values()) {
            String name = function.definition().id();
            alarm(
                    name + "Errors",
                    name + ": unhandled errors or timeouts",
                    function.function().metricErrors(sum()),
                    FUNCTION_ERRORS);
            alarm(
                    name + "Throttles",
                    name + ": invocations throttled",
                    function.function().metricThrottles(sum()),
                    FUNCTION_THROTTLES);
        }
        alarm(
                "IngestConcurrency",
                "Ingest concurrency is far above the design load: check for abuse and the bill",
                functions
                        .get(Routes.INGEST)
                        .function()
                        .metric(
                                "ConcurrentExecutions",
                                MetricOptions.builder()
                                        .statistic("Maximum")
                                        .period(PERIOD)
                                        .build()),
                INGEST_CONCURRENCY);
        alarm(
                "SessionExpiryLag",
                "Chunks of expired sessions are not being deleted",
                functions
                        .get(Routes.SESSION_EXPIRY)
                        .function()
                        .metric(
                                "IteratorAge",
                                MetricOptions.builder()
                                        .statistic("Maximum")
                                        .period(PERIOD)
                                        .build()),
                STREAM_ITERATOR_AGE.toMilliseconds().doubleValue());

        deadLetterQueues.forEach((name, queue) -> alarm(
                name + "DeadLetters",
                name + ": work failed for good is waiting in its dead-letter queue; redrive it (docs/DEPLOY.md)",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(PERIOD)
                        .build()),
                DEAD_LETTERS));

        storage.tables()
                .forEach((definition, table) -> alarm(
                        definition.id() + "TableThrottles",
                        definition.id() + " table: reads or writes throttled",
                        dynamoThrottles(definition, table),
                        DYNAMODB_THROTTLE_EVENTS));

        this.dashboard = dashboard(api, ingest5xxPercent, functions, storage);
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.put(id, alarm);
    }

    private static MathExpression ingest5xxPercent(Api api) {
        Map<String, String> ingestRoute = Map.of(
                "ApiId", api.httpApi().getApiId(),
                "Stage", Api.STAGE,
                "Resource", Api.INGEST_ROUTE.path(),
                "Method", Api.INGEST_ROUTE.method());
        return MathExpression.Builder.create()
                .label("Ingest 5xx %")
                .expression("IF(requests >= " + INGEST_5XX_MIN_REQUESTS + ", 100 * errors / requests, 0)")
                .usingMetrics(Map.of(
                        "errors", apiMetric("5xx", ingestRoute),
                        "requests", apiMetric("Count", ingestRoute)))
                .period(PERIOD)
                .build();
    }

    private static Metric apiMetric(String name, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace("AWS/ApiGateway")
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    /** Table and index throttles together: an on-demand index that throttles slows the table's writes. */
    private static MathExpression dynamoThrottles(TableDefinition definition, Table table) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        metrics.put("reads", dynamoMetric("ReadThrottleEvents", Map.of("TableName", table.getTableName())));
        metrics.put("writes", dynamoMetric("WriteThrottleEvents", Map.of("TableName", table.getTableName())));
        for (int i = 0; i < definition.indexes().size(); i++) {
            metrics.put(
                    "index" + i,
                    dynamoMetric(
                            "WriteThrottleEvents",
                            Map.of(
                                    "TableName", table.getTableName(),
                                    "GlobalSecondaryIndexName",
                                            definition.indexes().get(i).name())));
        }
        return MathExpression.Builder.create()
                .label(definition.id() + " throttle events")
                .expression("SUM(METRICS())")
                .usingMetrics(metrics)
                .period(PERIOD)
                .build();
    }

    private static Metric dynamoMetric(String name, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace("AWS/DynamoDB")
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic("Sum")
                .period(PERIOD)
                .build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    private Dashboard dashboard(
            Api api, MathExpression ingest5xxPercent, Map<Routes.Function, RewindFunction> functions, Storage storage) {
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        List<IMetric> concurrency = new ArrayList<>();
        for (RewindFunction f : functions.values()) {
            invocations.add(f.function().metricInvocations(sum()));
            errors.add(f.function().metricErrors(sum()));
            durations.add(f.function()
                    .metricDuration(MetricOptions.builder()
                            .statistic("p99")
                            .period(PERIOD)
                            .build()));
            concurrency.add(f.function()
                    .metric(
                            "ConcurrentExecutions",
                            MetricOptions.builder()
                                    .statistic("Maximum")
                                    .period(PERIOD)
                                    .build()));
        }
        List<IMetric> consumed = new ArrayList<>();
        storage.tables().values().forEach(t -> {
            consumed.add(t.metricConsumedReadCapacityUnits(sum()));
            consumed.add(t.metricConsumedWriteCapacityUnits(sum()));
        });
        List<List<IWidget>> rows = List.of(
                List.of(
                        graph("API requests", List.of(api.httpApi().metricCount(sum()))),
                        graph(
                                "API 4xx / 5xx",
                                List.of(
                                        api.httpApi().metricClientError(sum()),
                                        api.httpApi().metricServerError(sum()))),
                        graph("Ingest 5xx %", List.of(ingest5xxPercent)),
                        graph(
                                "API latency p99",
                                List.of(api.httpApi()
                                        .metricLatency(MetricOptions.builder()
                                                .statistic("p99")
                                                .period(PERIOD)
                                                .build())))),
                List.of(
                        graph("Lambda invocations", invocations),
                        graph("Lambda errors", errors),
                        graph("Lambda duration p99", durations),
                        graph("Lambda concurrency", concurrency)),
                List.of(
                        graph("DynamoDB consumed capacity", consumed),
                        AlarmStatusWidget.Builder.create()
                                .title("Alarms")
                                .alarms(List.copyOf(alarms.values()))
                                .width(18)
                                .height(6)
                                .build()));
        Dashboard board = Dashboard.Builder.create(this, "Dashboard").build();
        rows.forEach(row -> board.addWidgets(row.toArray(IWidget[]::new)));
        return board;
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(6)
                .height(6)
                .build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Map<String, Alarm> alarms() {
        return Map.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
