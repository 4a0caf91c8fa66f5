package dev.rewind.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.common.Json;
import dev.rewind.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stand-in for API Gateway + CloudFront: /v1/ goes to the handler classes the CDK app deploys
 * (as API Gateway v2 events), /sdk/ serves the recorder bundle, /demo a page that records itself,
 * /health says whether the stores serve (200, or 503 with the reason), /cognito/ is the console's path to
 * the user pool's API ({@link CognitoProxy}) and /config.json tells the console its app client, everything
 * else is the console (SPA fallback to index.html).
 */
public final class LocalServer {
    /** Whether the stores behind the handlers serve; {@link LocalStores} in the runner. */
    public interface Readiness {
        /** Null when ready, else why not. */
        String problem();

        /** The API just answered 503. */
        default void unavailableAnswered() {}
    }

    /** For handlers with no stores behind them (the runner's own tests). */
    static final Readiness NO_STORES = () -> null;

    /** API Gateway HTTP API's payload limit. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /**
     * A request (headers and body) must have arrived this long after it started, or its connection is
     * closed: a client that sends its body a byte at a time would otherwise hold one of the 32 threads
     * for as long as it likes, and 32 such clients the whole runner. 10 MB at 10 s is 8 Mbit/s, plenty on
     * localhost. In AWS, API Gateway reads the body before a Lambda runs.
     */
    static final int REQUEST_DEADLINE_SECONDS = 10;
    /** The API's share route and the console's share page both carry the token in the path. */
    private static final java.util.regex.Pattern SHARE_TOKEN_IN_PATH =
            java.util.regex.Pattern.compile("^(/v1/shares/|/share/)[^/]+");
    /** The erasure route carries a user id in the path, whatever the method (a wrong one is logged too). */
    private static final java.util.regex.Pattern USER_ID_IN_PATH =
            java.util.regex.Pattern.compile("^(/v1/users/)[^/]+");

    static {
        // read by the JDK's HTTP server when its first instance is made; an explicit setting wins
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_DEADLINE_SECONDS));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers;
    private final StaticFiles console;
    private final StaticFiles sdk;
    private volatile String demoPage;
    private final String contentSecurityPolicy;
    private final Readiness readiness;
    private final CognitoProxy cognito;

    /** A server with no stores to watch and no user pool (the runner's own tests). */
    public LocalServer(
            int port,
            Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers,
            Path consoleDir,
            Path sdkDir,
            String demoPage,
            String chunkOrigin)
            throws IOException {
        this(port, handlers, consoleDir, sdkDir, demoPage, chunkOrigin, NO_STORES, null);
    }

    /**
     * @param handlers  handler instance per handler class name of {@link Routes}
     * @param readiness whether the stores serve, for /health
     * @param cognito   the console's path to the user pool, or null when there is none (api-key sign-in only)
     */
    public LocalServer(
            int port,
            Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers,
            Path consoleDir,
            Path sdkDir,
            String demoPage,
            String chunkOrigin,
            Readiness readiness,
            CognitoProxy cognito)
            throws IOException {
        this.readiness = readiness;
        this.handlers = handlers;
        this.cognito = cognito;
        this.console = new StaticFiles(consoleDir);
        this.sdk = new StaticFiles(sdkDir);
        this.demoPage = demoPage;
        this.contentSecurityPolicy = ConsoleHeaders.contentSecurityPolicy(chunkOrigin);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        this.executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The demo tenant was made anew (its stores were gone): /demo records into the new one. */
    void replaceDemoPage(String page) {
        this.demoPage = page;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try {
            if (path.startsWith("/v1/")) {
                status = api(exchange, method, path);
            } else if (path.equals("/cognito/") && cognito != null) {
                status = cognito(exchange, method);
            } else if (path.equals("/config.json")) {
                String config = cognito == null ? "{}" : cognito.consoleConfig();
                status = send(
                        exchange,
                        200,
                        "application/json",
                        config.getBytes(StandardCharsets.UTF_8),
                        Map.of("cache-control", "no-store"));
            } else if (path.equals("/health")) {
                status = health(exchange);
            } else if (path.equals("/demo")) {
                status = send(
                        exchange,
                        200,
                        "text/html; charset=utf-8",
                        demoPage.getBytes(StandardCharsets.UTF_8),
                        Map.of("cache-control", "no-store"));
            } else if (path.startsWith("/sdk/")) {
                status = staticFile(exchange, sdk, path.substring("/sdk".length()), false);
            } else {
                status = staticFile(exchange, console, path, true);
            }
        } catch (RuntimeException e) {
            status = send(
                    exchange,
                    500,
                    "application/json",
                    "{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
            e.printStackTrace();
        } finally {
            exchange.close();
        }
        // the path only (query strings carry ingest keys), with share tokens and user ids cut out of it: a
        // share link is a secret, and a user id is personal data that logs never carry
        System.out.printf(
                "%s %s %d %dms%n", method, loggedPath(path), status, (System.nanoTime() - started) / 1_000_000);
    }

    static String loggedPath(String rawPath) {
        String path = SHARE_TOKEN_IN_PATH.matcher(rawPath).replaceAll("$1{token}");
        return USER_ID_IN_PATH.matcher(path).replaceAll("$1{userId}");
    }

    private int health(HttpExchange exchange) throws IOException {
        String problem = readiness.problem();
        ObjectNode body = Json.object().put("status", problem == null ? "ok" : "unavailable");
        if (problem != null) {
            body.put("problem", problem);
        }
        return send(
                exchange,
                problem == null ? 200 : 503,
                "application/json",
                Json.write(body).getBytes(StandardCharsets.UTF_8),
                Map.of("cache-control", "no-store"));
    }

    private int api(HttpExchange exchange, String method, String path) throws IOException {
        Headers requestHeaders = exchange.getRequestHeaders();
        boolean cors = requestHeaders.getFirst("Origin") != null;
        if (method.equals("OPTIONS")
                && requestHeaders.getFirst("Access-Control-Request-Method") != null
                && RouteTable.pathExists(path)) {
            return send(exchange, 204, null, new byte[0], ConsoleHeaders.preflight());
        }
        Optional<RouteTable.Match> match = RouteTable.match(method, path);
        if (match.isEmpty()) {
            return send(
                    exchange,
                    404,
                    "application/json",
                    "{\"error\":{\"code\":\"route_not_found\",\"message\":\"no such route\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    cors ? ConsoleHeaders.corsResponse() : Map.of());
        }
        byte[] body = declaredTooLarge(requestHeaders) ? null : readBody(exchange.getRequestBody());
        if (body == null) {
            return send(
                    exchange,
                    413,
                    "application/json",
                    "{\"error\":{\"code\":\"payload_too_large\",\"message\":\"the request exceeds 10 MB\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    cors ? ConsoleHeaders.corsResponse() : Map.of());
        }
        Routes.Route route = match.get().route();
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.toEvent(
                new ApiGatewayEvents.HttpRequest(
                        method,
                        path,
                        exchange.getRequestURI().getRawQuery(),
                        requestHeaders,
                        body,
                        exchange.getRemoteAddress().getAddress().getHostAddress()),
                route,
                match.get().pathParameters());
        APIGatewayV2HTTPResponse response =
                handlers.get(route.function().handlerClass()).handleRequest(event, null);
        int status = sendResponse(exchange, response, cors);
        if (status == 503) {
            readiness.unavailableAnswered();
        }
        return status;
    }

    /** Cognito's JSON API only, POST only, small bodies only; the body (a password, a token) is never logged. */
    private int cognito(HttpExchange exchange, String method) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!method.equals("POST") || !CognitoProxy.isCognitoTarget(target)) {
            return send(
                    exchange,
                    400,
                    "application/json",
                    "{\"error\":{\"code\":\"not_cognito\",\"message\":\"POST with X-Amz-Target: AWSCognitoIdentityProviderService.<Action> only\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        byte[] body = exchange.getRequestBody().readNBytes(CognitoProxy.MAX_BODY_BYTES + 1);
        if (body.length > CognitoProxy.MAX_BODY_BYTES) {
            return send(
                    exchange,
                    413,
                    "application/json",
                    "{\"error\":{\"code\":\"payload_too_large\",\"message\":\"the request exceeds 64 KB\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        CognitoProxy.Answer answer = cognito.forward(target, body);
        return send(
                exchange, answer.status(), answer.contentType(), answer.body(), Map.of("cache-control", "no-store"));
    }

    /** Refused before a byte of the body is read when the client says up front that it is too large. */
    private static boolean declaredTooLarge(Headers headers) {
        String length = headers.getFirst("Content-Length");
        try {
            return length != null && Long.parseLong(length.trim()) > MAX_REQUEST_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return body.length > MAX_REQUEST_BYTES ? null : body;
    }

    private int sendResponse(HttpExchange exchange, APIGatewayV2HTTPResponse response, boolean cors)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(headers::set);
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> headers.add("Set-Cookie", c));
        }
        if (cors) {
            ConsoleHeaders.corsResponse().forEach(headers::set);
        }
        byte[] body = response.getBody() == null
                ? new byte[0]
                : response.getIsBase64Encoded()
                        ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode();
        boolean empty = body.length == 0 || status == 204;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    private int staticFile(HttpExchange exchange, StaticFiles files, String path, boolean spa) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
            return send(exchange, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        Optional<Path> file = files.resolve(path);
        if (file.isEmpty() && spa && !path.substring(path.lastIndexOf('/') + 1).contains(".")) {
            file = files.resolve("/index.html");
        }
        if (file.isEmpty()) {
            return send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        String type = StaticFiles.contentType(file.get());
        Map<String, String> headers = type.startsWith("text/html") && spa
                ? ConsoleHeaders.page(contentSecurityPolicy)
                : Map.of("cache-control", "no-cache");
        return send(exchange, 200, type, Files.readAllBytes(file.get()), headers);
    }

    private static int send(
            HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers)
            throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }
}
