package dev.rewind.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.Rewind;
import dev.rewind.aws.AwsClients;
import dev.rewind.aws.ResourceBootstrap;
import dev.rewind.aws.UserPools;
import dev.rewind.common.Json;
import dev.rewind.common.RewindConfig;
import dev.rewind.http.Routes;
import dev.rewind.lambda.SignupHandler;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code make dev}: creates the resources in the emulator, then serves the product on one origin,
 * http://localhost:8080 (PORT overrides). REWIND_RESOURCE_PREFIX gives a run resources of its own.
 */
public final class LocalRunner {
    private LocalRunner() {}

    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        int port = Integer.parseInt(env("PORT", "8080"));
        RewindConfig config = config("http://localhost:" + port);
        String baseUrl = config.publicApiUrl();
        DynamoDbClient dynamo = AwsClients.dynamoDb();
        S3Client s3 = AwsClients.s3();
        ResourceBootstrap.create(dynamo, s3, config);
        CognitoIdentityProviderClient cognito = AwsClients.cognito();
        if (!config.userPool().configured()) {
            config = UserPools.create(cognito, config, env("REWIND_RESOURCE_PREFIX", "rewind") + "-users");
        }
        Rewind rewind = Rewind.create(config, Clock.systemUTC());

        CognitoProxy proxy = new CognitoProxy(
                cognitoEndpoint(),
                cognito,
                config.userPool().poolId(),
                config.userPool().clientId());
        LocalServer server =
                server(port, rewind, dynamo, s3, Path.of(env("REWIND_HOME", ".")), chunkOrigin(), cognito, proxy);
        server.start();
        System.out.printf(
                "Rewind is ready%s (the runner itself: %d ms)%n  console  %s/%n  demo     %s/demo%n  health   %s/health%n",
                wholeStart(), (System.nanoTime() - started) / 1_000_000, baseUrl, baseUrl, baseUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }

    static RewindConfig config(String defaultBaseUrl) {
        RewindConfig config = RewindConfig.fromEnvironment(defaultBaseUrl);
        String prefix = System.getenv("REWIND_RESOURCE_PREFIX");
        return prefix == null || prefix.isBlank() ? config : config.withPrefix(prefix);
    }

    /**
     * The runner's server: the handlers over {@code rewind}, the console and the recorder from
     * {@code home}, the demo page, the console's path to the user pool ({@code cognito} and {@code proxy}
     * may be null: no user pool), and a /health that checks the stores and creates them again when the
     * emulator lost them (with a new demo tenant: the old one went with them).
     */
    static LocalServer server(
            int port,
            Rewind rewind,
            DynamoDbClient dynamo,
            S3Client s3,
            Path home,
            String chunkOrigin,
            CognitoIdentityProviderClient cognito,
            CognitoProxy proxy)
            throws IOException {
        LocalStores stores = new LocalStores(dynamo, s3, rewind.config);
        LocalServer server = new LocalServer(
                port,
                handlers(rewind),
                home.resolve("web-console/dist"),
                home.resolve("recorder-sdk/dist"),
                demoPage(rewind, home, cognito),
                chunkOrigin,
                stores,
                proxy);
        stores.afterRecreate(() -> {
            try {
                server.replaceDemoPage(demoPage(rewind, home, cognito));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return server;
    }

    /** One instance of each handler class, as one warm Lambda container per function. */
    public static Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers(Rewind rewind) {
        Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = new HashMap<>();
        for (Routes.Route route : Routes.ALL) {
            handlers.computeIfAbsent(route.function().handlerClass(), name -> instantiate(name, rewind));
        }
        return handlers;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(
            String className, Rewind rewind) {
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    Class.forName(className).getConstructor(Rewind.class).newInstance(rewind);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("handler " + className + " needs a public constructor taking Rewind", e);
        }
    }

    /**
     * The demo page carries the snippet of a demo tenant made at start-up, so it records itself. With a
     * user pool the tenant has an owner there, {@link #DEMO_OWNER}, with a random password; the password
     * and the api key go to .rewind/demo-tenant.json, never to the console.
     */
    private static String demoPage(Rewind rewind, Path home, CognitoIdentityProviderClient cognito) throws IOException {
        APIGatewayV2HTTPEvent signup = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /v1/signup")
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"email\":\"demo@rewind.local\",\"organization\":\"Rewind demo\"}")
                .withIsBase64Encoded(false)
                .build();
        ObjectNode tenant = (ObjectNode) Json.MAPPER.readTree(
                new SignupHandler(rewind).handleRequest(signup, null).getBody());
        if (cognito != null) {
            try {
                String password =
                        demoOwner(rewind, cognito, tenant.get("tenantId").asText());
                tenant.put("ownerEmail", DEMO_OWNER).put("ownerPassword", password);
            } catch (CognitoIdentityProviderException e) {
                // an emulator that restarted lost the user pool too; the api key still signs in
                System.out.printf(
                        "  the user pool is gone (%s): restart make dev to sign in as %s%n",
                        e.awsErrorDetails().errorCode(), DEMO_OWNER);
            }
        }
        // keys and passwords never go to logs: they go to a file for the developer to sign in with
        Path keysFile = home.resolve(".rewind/demo-tenant.json");
        Files.createDirectories(keysFile.getParent());
        Files.writeString(keysFile, tenant.toPrettyString());
        System.out.printf(
                "  demo tenant %s: sign in to the console as %s with the ownerPassword in %s (or with its apiKey)%n",
                tenant.get("tenantId").asText(),
                DEMO_OWNER,
                keysFile.toAbsolutePath().normalize());
        try (InputStream in = LocalRunner.class.getResourceAsStream("/demo.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return page.replace("{{SNIPPET}}", tenant.get("snippet").asText());
        }
    }

    static final String DEMO_OWNER = "demo@rewind.local";

    /** A confirmed user with a verified email, the demo tenant's owner; returns the password it was given. */
    private static String demoOwner(Rewind rewind, CognitoIdentityProviderClient cognito, String tenantId) {
        String poolId = rewind.config.userPool().poolId();
        // the pool's policy: upper and lower case and a digit, at least 12 characters
        String password = "Demo-" + Keys.newId() + "-a1A";
        String sub = cognito
                .adminCreateUser(r -> r.userPoolId(poolId)
                        .username(DEMO_OWNER)
                        .messageAction(MessageActionType.SUPPRESS)
                        .userAttributes(
                                a -> a.name("email").value(DEMO_OWNER),
                                a -> a.name("email_verified").value("true")))
                .user()
                .attributes()
                .stream()
                .filter(a -> a.name().equals("sub"))
                .findFirst()
                .orElseThrow()
                .value();
        cognito.adminSetUserPassword(r ->
                r.userPoolId(poolId).username(DEMO_OWNER).password(password).permanent(true));
        rewind.teams.putMember(new Member(tenantId, sub, DEMO_OWNER, Role.OWNER, rewind.clock.millis()));
        return password;
    }

    /** Where the emulator's Cognito API answers (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else AWS_ENDPOINT_URL). */
    private static URI cognitoEndpoint() {
        String endpoint = env("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", env("AWS_ENDPOINT_URL", ""));
        if (endpoint.isBlank()) {
            throw new IllegalStateException(
                    "the local runner needs the emulator: set AWS_ENDPOINT_URL (scripts/aws-env.sh)");
        }
        return URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    }

    private static String chunkOrigin() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = System.getenv("AWS_ENDPOINT_URL");
        }
        if (endpoint == null || endpoint.isBlank()) {
            return "https://*.amazonaws.com";
        }
        URI uri = URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** How long `make dev` took in all, from the time scripts/dev.sh exports when it starts. */
    private static String wholeStart() {
        String since = System.getenv("REWIND_DEV_STARTED_MS");
        if (since == null || !since.matches("\\d{1,15}")) {
            return "";
        }
        long ms = System.currentTimeMillis() - Long.parseLong(since);
        return String.format(" in %.1f s since make dev started", ms / 1000.0);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
