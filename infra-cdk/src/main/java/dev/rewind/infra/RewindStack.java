package dev.rewind.infra;

import dev.rewind.common.RewindConfig;
import dev.rewind.http.Routes;
import dev.rewind.storage.ChunkBucket;
import dev.rewind.storage.TableDefinition;
import dev.rewind.storage.Tables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The whole product in one stack. One stack because its parts point at each other: the functions
 * need the console's URL (snippets, share and replay links), the console's CDN routes /v1/* to the API,
 * and the chunk bucket's CORS names the console's origin; split into stacks these would be cycles, and
 * one {@code cdk deploy} is what an operator wants anyway. Each part is a construct named for what it
 * holds. The one exception is the CloudFront web ACL, which AWS keeps in us-east-1: in that region it is
 * built here, anywhere else it comes from {@link EdgeFirewallStack} ({@link RewindApp#deploy}).
 */
public final class RewindStack extends Stack {
    private final Storage storage;
    private final Users users;
    private final Map<Routes.Function, RewindFunction> functions = new LinkedHashMap<>();
    private final Api api;
    private final ConsoleSite console;
    private final Retention retention;
    private final IdleSessionSchedule idleSessions;
    private final ScheduledWork scheduledWork;
    private final Operations operations;
    private final EdgeFirewall firewall;

    /**
     * @param firewall the web ACL of another stack (in us-east-1); empty: this stack is in us-east-1 and
     *                 builds its own
     */
    public RewindStack(
            Construct scope,
            String id,
            StackProps props,
            DeploymentSettings settings,
            Optional<EdgeFirewall> firewall) {
        super(scope, id, props);
        this.firewall = firewall.orElseGet(() -> new EdgeFirewall(this, "Firewall"));
        this.storage = new Storage(this, "Storage", settings.deletionProtection());

        Map<String, String> environment = new LinkedHashMap<>();
        for (TableDefinition table : Tables.ALL) {
            environment.put(table.envVar(), storage.table(table).getTableName());
        }
        environment.put(ChunkBucket.ENV_VAR, storage.chunks().getBucketName());
        this.users = new Users(this, "Users", settings.deletionProtection());
        environment.put(RewindConfig.ENV_USER_POOL_ID, users.pool().getUserPoolId());
        environment.put(
                RewindConfig.ENV_USER_POOL_CLIENT_ID, users.consoleClient().getUserPoolClientId());
        // one asset, uploaded once, for every function
        Code code = Code.fromAsset(settings.functionsJar().toString());
        for (Routes.Function definition : Routes.functions()) {
            Optional<Integer> reserved =
                    definition.equals(Routes.INGEST) ? settings.ingestReservedConcurrency() : Optional.empty();
            functions.put(
                    definition,
                    new RewindFunction(
                            this,
                            definition,
                            code,
                            environment,
                            settings.logRetention(),
                            reserved,
                            settings.tracing()));
        }
        AccessPolicies.grant(functions, storage);

        this.api = new Api(this, "Api", functions, settings.logRetention());
        this.console = new ConsoleSite(
                this,
                "Console",
                api,
                settings,
                this.firewall.webAclArn(),
                users.consoleClient().getUserPoolClientId());
        // one public origin for everything: the snippet's endpoint, the recorder, the console, share links
        for (RewindFunction function : functions.values()) {
            function.addEnvironment(RewindConfig.ENV_PUBLIC_API_URL, console.url());
            function.addEnvironment(RewindConfig.ENV_CONSOLE_URL, console.url());
            function.addEnvironment(RewindConfig.ENV_SDK_URL, console.sdkUrl());
        }
        storage.allowChunkReadsFrom(console.origins());
        storage.allowAssetUploads();

        this.retention = new Retention(
                this,
                "Retention",
                functions.get(Routes.RETENTION_SWEEP),
                functions.get(Routes.SESSION_EXPIRY),
                storage.table(Tables.SESSIONS));
        this.idleSessions = new IdleSessionSchedule(this, "IdleSessions", functions.get(Routes.FINISH_IDLE_SESSIONS));
        this.scheduledWork = new ScheduledWork(
                this,
                "WorkQueue",
                functions.get(Routes.SCHEDULED_WORK),
                // the planners, and the Tenant function, which puts a re-score's first message on the queue
                java.util.List.of(
                        functions.get(Routes.RETENTION_SWEEP),
                        functions.get(Routes.FINISH_IDLE_SESSIONS),
                        functions.get(Routes.TENANT)));
        Map<String, IQueue> deadLetters = new LinkedHashMap<>();
        deadLetters.put(Routes.RETENTION_SWEEP.id(), retention.sweepDeadLetters());
        deadLetters.put(Routes.SESSION_EXPIRY.id(), retention.expiryDeadLetters());
        deadLetters.put(Routes.FINISH_IDLE_SESSIONS.id(), idleSessions.deadLetters());
        deadLetters.put(Routes.SCHEDULED_WORK.id(), scheduledWork.deadLetters());
        this.operations =
                new Operations(this, "Operations", api, functions, storage, deadLetters, settings.alarmEmail());

        output("ApiUrl", console.url(), "Where the snippet sends recordings (POST /v1/ingest), through CloudFront");
        output("ConsoleUrl", console.url(), "The console: sign up here");
        output(
                "DistributionDomainName",
                console.distribution().getDistributionDomainName(),
                "Point the custom domain's CNAME (or Route 53 alias) here");
        output("SdkUrl", console.sdkUrl(), "The recorder bundle the snippet loads");
        output("UserPoolId", users.pool().getUserPoolId(), "The console's users (Cognito)");
        output("UserPoolClientId", users.consoleClient().getUserPoolClientId(), "The console's app client (no secret)");
        output("AlarmTopicArn", operations.alarmTopic().getTopicArn(), "Subscribe to receive alarms");
        output("ChunksBucketName", storage.chunks().getBucketName(), "Recordings (retained when the stack is deleted)");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public Storage storage() {
        return storage;
    }

    public Users users() {
        return users;
    }

    public Map<Routes.Function, RewindFunction> functions() {
        return Map.copyOf(functions);
    }

    public Api api() {
        return api;
    }

    public ConsoleSite console() {
        return console;
    }

    public Retention retention() {
        return retention;
    }

    public IdleSessionSchedule idleSessions() {
        return idleSessions;
    }

    public ScheduledWork scheduledWork() {
        return scheduledWork;
    }

    public Operations operations() {
        return operations;
    }

    public EdgeFirewall firewall() {
        return firewall;
    }
}
