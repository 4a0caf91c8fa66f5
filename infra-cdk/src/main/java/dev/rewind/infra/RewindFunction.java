package dev.rewind.infra;

import dev.rewind.http.Routes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda of {@link Routes}: the function, its own role (no managed policies: it gets only the
 * statements {@link AccessPolicies} names), its log group with a retention, and the alias
 * everything invokes, so that SnapStart's published versions are what runs.
 */
public final class RewindFunction extends Construct {
    /** The newest Java LTS that Lambda runs; it supports SnapStart on arm64. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;
    /** Graviton: about 20 % cheaper per GB-second than x86 for the same work. */
    public static final Architecture ARCHITECTURE = Architecture.ARM_64;

    public static final String ALIAS = "live";
    public static final String HANDLER_METHOD = "::handleRequest";

    private final Routes.Function definition;
    private final Role role;
    private final LogGroup logGroup;
    private final Function function;
    private final Alias alias;

    public RewindFunction(
            Construct scope,
            Routes.Function definition,
            Code code,
            Map<String, String> environment,
            RetentionDays logRetention,
            Optional<Integer> reservedConcurrency,
            boolean tracing) {
        super(scope, definition.id());
        this.definition = definition;
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(logRetention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Rewind " + definition.id() + ": only what " + definition.handlerClass() + " uses")
                .build();
        // The log group is created up front (it never depends on the function), so the role can name it.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());

        Function.Builder builder = Function.Builder.create(this, "Function")
                .description("Rewind " + definition.id())
                .runtime(RUNTIME)
                .architecture(ARCHITECTURE)
                .handler(handler(definition))
                .code(code)
                .memorySize(definition.memoryMb())
                .timeout(Duration.seconds(definition.timeoutSeconds()))
                .role(role)
                .logGroup(logGroup)
                .environment(environment)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        reservedConcurrency.ifPresent(builder::reservedConcurrentExecutions);
        if (tracing) {
            // X-Ray segments of each invocation; CDK adds xray:PutTraceSegments/PutTelemetryRecords (no resource to
            // name)
            builder.tracing(Tracing.ACTIVE);
        }
        this.function = builder.build();
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "invoked only through the alias, which points at a published version");
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    public static String handler(Routes.Function definition) {
        return definition.handlerClass() + HANDLER_METHOD;
    }

    public void addEnvironment(String name, String value) {
        function.addEnvironment(name, value);
    }

    public void allow(PolicyStatement statement) {
        role.addToPrincipalPolicy(statement);
    }

    public Routes.Function definition() {
        return definition;
    }

    public Function function() {
        return function;
    }

    /** What API Gateway, EventBridge and the stream mapping invoke. */
    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
