package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.RewindConfig;
import dev.rewind.frustration.FrustrationRules;
import dev.rewind.ingest.RecordedUrls;
import dev.rewind.ingest.Rescore;
import dev.rewind.insights.RescoreRun;
import dev.rewind.schedule.WorkQueue;
import dev.rewind.tenants.Access;
import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.AssetCapture;
import dev.rewind.tenants.AuditLog;
import dev.rewind.tenants.Caller;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.KeyScope;
import dev.rewind.tenants.Keys;
import dev.rewind.tenants.OrganizationDeletion;
import dev.rewind.tenants.Permission;
import dev.rewind.tenants.Snippet;
import dev.rewind.tenants.TeamStore;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET|PATCH /v1/tenant} (settings), {@code DELETE /v1/tenant} (the organization), {@code POST /v1/keys/{kind}/rotate} and the named api keys
 * ({@code GET|POST /v1/keys}, {@code DELETE /v1/keys/{id}}), and the re-score of the tenant's sessions with its
 * current frustration rules ({@code GET|POST /v1/tenant/rescore}, docs/FRUSTRATION.md, "Re-score history").
 * Each route needs its {@link Permission}.
 */
public final class TenantApi extends ApiHandler {
    private static final int MAX_ALLOWED_ORIGINS = 50;
    /**
     * The longest origin there is: "https://", a DNS name of 253 characters, ":65535". Without it fifty
     * long strings outgrew DynamoDB's 400 KB item and the PATCH failed as an outage (503).
     */
    static final int MAX_ORIGIN_CHARS = 8 + 253 + 6;

    private static final int MAX_KEY_NAME = 100;
    static final double MIN_SAMPLE_RATE = 0.000001;

    private final TenantStore tenants;
    private final TeamStore teams;
    private final AuditLog audit;
    private final Access access;
    private final Clock clock;
    private final RewindConfig config;
    private final OrganizationDeletion deletion;
    private final Rescore rescore;
    /** The work queue a re-score's first message goes on, looked up on the first start. */
    private final Supplier<WorkQueue> queue;

    public TenantApi(
            TenantStore tenants,
            TeamStore teams,
            AuditLog audit,
            Access access,
            Clock clock,
            RewindConfig config,
            OrganizationDeletion deletion,
            Rescore rescore,
            Supplier<WorkQueue> queue) {
        this.deletion = deletion;
        this.rescore = rescore;
        this.queue = queue;
        this.tenants = tenants;
        this.teams = teams;
        this.audit = audit;
        this.access = access;
        this.clock = clock;
        this.config = config;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        Caller caller = Requests.caller(access, event);
        Tenant tenant = caller.tenant();
        return switch (routeKey) {
            case "GET /v1/tenant" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield Responses.json(200, withIngestKey(viewWithRefusals(tenant)));
            }
            case "PATCH /v1/tenant" -> {
                caller.require(Permission.CHANGE_SETTINGS);
                yield patch(caller, Requests.jsonBody(event));
            }
            case "GET /v1/tenant/rescore" -> {
                caller.require(Permission.VIEW_SESSIONS);
                yield Responses.json(200, rescoreView(rescore.progress(tenant.tenantId())));
            }
            case "POST /v1/tenant/rescore" -> {
                caller.require(Permission.CHANGE_SETTINGS);
                RescoreRun run = rescore.start(tenant, queue.get());
                audit(caller, "sessions.rescore", "sessions", null, Json.write(rescoreView(Optional.of(run))));
                yield Responses.json(202, rescoreView(Optional.of(run)));
            }
            case "DELETE /v1/tenant" -> {
                caller.require(Permission.DELETE_ORGANIZATION);
                yield deleteOrganization(caller, Requests.jsonBody(event));
            }
            case "POST /v1/keys/{kind}/rotate" -> {
                caller.require(Permission.MANAGE_KEYS);
                yield rotate(caller, Requests.pathParameter(event, "kind"));
            }
            case "GET /v1/keys" -> {
                caller.require(Permission.MANAGE_KEYS);
                yield listKeys(tenant);
            }
            case "POST /v1/keys" -> {
                caller.require(Permission.MANAGE_KEYS);
                yield createKey(caller, Requests.jsonBody(event));
            }
            case "DELETE /v1/keys/{id}" -> {
                caller.require(Permission.MANAGE_KEYS);
                yield revokeKey(caller, Requests.pathParameter(event, "id"));
            }
            default -> throw unknownRoute(routeKey);
        };
    }

    /**
     * Deletes the organization once the body names it ({@code {"confirm": "<organization name>"}}), so a
     * stray call cannot: 202, everything of it refused from now on, its recordings erased in the background
     * (docs/RETENTION.md, "Deleting an organization").
     */
    private APIGatewayV2HTTPResponse deleteOrganization(Caller caller, JsonNode body) {
        JsonNode confirm = body.get("confirm");
        if (confirm == null
                || !confirm.isTextual()
                || !confirm.asText().equals(caller.tenant().organization())) {
            throw ApiException.badRequest(
                    "confirmation_mismatch", "confirm must be the organization's name, exactly as it is shown");
        }
        long deletedAt = deletion.delete(caller);
        return Responses.json(
                202,
                Json.object()
                        .put("tenantId", caller.tenantId())
                        .put("deletedAt", Instant.ofEpochMilli(deletedAt).toString()));
    }

    /**
     * A re-score's progress (docs/FRUSTRATION.md, "Re-score history"): {@code state} none (never run), running
     * or done; the sessions re-scored, changed and skipped so far; when it started, recorded progress and
     * finished; the thresholds it applies.
     */
    static ObjectNode rescoreView(Optional<RescoreRun> found) {
        if (found.isEmpty()) {
            return Json.object().put("state", "none");
        }
        RescoreRun run = found.get();
        ObjectNode node = Json.object()
                .put("state", run.done() ? "done" : "running")
                .put("runId", run.runId())
                .put("sessionsRescored", run.rescored())
                .put("sessionsChanged", run.changed())
                .put("sessionsSkipped", run.skipped())
                .put("startedAt", Instant.ofEpochMilli(run.startedAt()).toString())
                .put("updatedAt", Instant.ofEpochMilli(run.updatedAt()).toString());
        if (run.done()) {
            node.put("finishedAt", Instant.ofEpochMilli(run.finishedAt()).toString());
        }
        ObjectNode rules = node.putObject("frustrationRules");
        run.rules().toMap().forEach(rules::put);
        return node;
    }

    private void audit(Caller caller, String action, String target, String before, String after) {
        audit.append(caller.change(clock.millis(), action, target, before, after));
    }

    private APIGatewayV2HTTPResponse listKeys(Tenant tenant) {
        ObjectNode body = Json.object();
        var keys = body.putArray("keys");
        tenants.signupApiKey(tenant.tenantId()).ifPresent(k -> keys.add(keyView(k)));
        teams.apiKeys(tenant.tenantId()).forEach(k -> keys.add(keyView(k)));
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse createKey(Caller caller, JsonNode body) {
        JsonNode name = body.get("name");
        if (name == null
                || !name.isTextual()
                || name.asText().isBlank()
                || name.asText().length() > MAX_KEY_NAME) {
            throw ApiException.badRequest("invalid_name", "name is required, at most " + MAX_KEY_NAME + " characters");
        }
        JsonNode scopeField = body.get("scope");
        KeyScope scope = KeyScope.parse(scopeField == null || !scopeField.isTextual() ? "" : scopeField.asText())
                .orElseThrow(() -> ApiException.badRequest("invalid_scope", "scope must be read or admin"));
        String key = Keys.newKey(KeyKind.API);
        ApiKey apiKey = new ApiKey(Keys.newId(), name.asText().trim(), scope, caller.actor(), clock.millis(), 0);
        teams.putApiKey(caller.tenantId(), apiKey, Keys.hash(key));
        Log.info("api_key_created", "tenantId", caller.tenantId(), "scope", scope.code());
        audit(caller, "key.create", "api key " + apiKey.name() + " (" + scope.code() + ")", null, null);
        return Responses.json(201, keyView(apiKey).put("key", key));
    }

    private APIGatewayV2HTTPResponse revokeKey(Caller caller, String keyId) {
        boolean revoked = ApiKey.SIGNUP_KEY_ID.equals(keyId)
                ? tenants.revokeSignupApiKey(caller.tenantId())
                : teams.deleteApiKey(caller.tenantId(), keyId);
        if (!revoked) {
            throw Refused.notFound("api key");
        }
        Log.info("api_key_revoked", "tenantId", caller.tenantId());
        audit(caller, "key.revoke", "api key " + keyId, null, null);
        return Responses.noContent();
    }

    private static ObjectNode keyView(ApiKey k) {
        ObjectNode node = Json.object()
                .put("id", k.keyId())
                .put("name", k.name())
                .put("scope", k.scope().code())
                .put("createdBy", k.createdBy())
                .put("createdAt", k.createdAt());
        if (k.lastUsedAt() > 0) {
            node.put("lastUsedAt", k.lastUsedAt());
        } else {
            node.putNull("lastUsedAt");
        }
        return node;
    }

    private APIGatewayV2HTTPResponse patch(Caller caller, JsonNode body) {
        Tenant t = caller.tenant();
        int retentionDays = t.retentionDays();
        List<String> allowedOrigins = t.allowedOrigins();
        double sampleRate = t.sampleRate();
        boolean maskAllText = t.maskAllText();
        boolean consentRequired = t.consentRequired();
        List<String> urlQueryAllowList = t.urlQueryAllowList();
        FrustrationRules frustrationRules = t.frustrationRules();
        List<String> consoleLevels = t.consoleLevels();
        AssetCapture captureAssets = t.captureAssets();
        boolean recordCanvas = t.recordCanvas();
        Iterator<String> fields = body.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            JsonNode value = body.get(field);
            switch (field) {
                case "retentionDays" -> {
                    // canConvertToInt first: asInt() keeps the low 32 bits, so 4294967303 would read as 7
                    if (!value.isIntegralNumber()
                            || !value.canConvertToInt()
                            || !Tenant.RETENTION_CHOICES.contains(value.intValue())) {
                        throw ApiException.badRequest(
                                "invalid_retention_days", "retentionDays must be one of 7, 14, 30, 60, 90, 180, 365");
                    }
                    retentionDays = value.intValue();
                }
                case "allowedOrigins" -> allowedOrigins = origins(value);
                case "sampleRate" -> {
                    // a positive rate below MIN_SAMPLE_RATE samples nothing, and one below 1e-130 DynamoDB cannot store
                    double rate = value.asDouble();
                    if (!value.isNumber() || rate < 0 || rate > 1 || (rate > 0 && rate < MIN_SAMPLE_RATE)) {
                        throw ApiException.badRequest(
                                "invalid_sample_rate", "sampleRate must be 0, or a number from 0.000001 to 1");
                    }
                    sampleRate = value.asDouble();
                }
                case "maskAllText" -> maskAllText = bool(field, value);
                case "consentRequired" -> consentRequired = bool(field, value);
                case "urlQueryAllowList" -> urlQueryAllowList = urlQueryAllowList(value);
                case "frustrationRules" -> frustrationRules = frustrationRules(frustrationRules, value);
                case "consoleLevels" -> consoleLevels = consoleLevels(value);
                case "captureAssets" -> captureAssets = captureAssets(value);
                case "recordCanvas" -> recordCanvas = bool(field, value);
                default -> throw ApiException.badRequest("unknown_field", "unknown setting " + field);
            }
        }
        Tenant updated = t.withSettings(
                retentionDays,
                allowedOrigins,
                sampleRate,
                maskAllText,
                consentRequired,
                urlQueryAllowList,
                frustrationRules,
                consoleLevels,
                captureAssets,
                recordCanvas,
                clock.millis());
        tenants.update(updated);
        Log.info("tenant_updated", "tenantId", t.tenantId());
        ObjectNode after = view(updated);
        audit(caller, "settings.update", "settings", Json.write(view(t)), Json.write(after));
        return Responses.json(200, withIngestKey(viewWithRefusals(updated)));
    }

    /**
     * The tenant as the console reads it: its settings, and its current ingest key with the snippet. The
     * ingest key is public (it sits in the snippet on every page), so the console always shows it.
     */
    private ObjectNode withIngestKey(ObjectNode view) {
        String ingestKey = tenants.ingestKey(view.get("tenantId").asText()).orElse(null);
        return view.put("ingestKey", ingestKey)
                .put(
                        "snippet",
                        ingestKey == null
                                ? null
                                : Snippet.forTenant(ingestKey, config.publicApiUrl(), config.sdkUrl()));
    }

    private APIGatewayV2HTTPResponse rotate(Caller caller, String kindName) {
        Tenant tenant = caller.tenant();
        KeyKind kind = switch (kindName) {
            case "ingest" -> KeyKind.INGEST;
            case "api" -> KeyKind.API;
            default -> throw ApiException.badRequest("invalid_key_kind", "kind must be ingest or api");
        };
        String key = Keys.newKey(kind);
        tenants.rotateKey(tenant.tenantId(), kind, Keys.hash(key));
        if (kind == KeyKind.INGEST) {
            tenants.publishIngestKey(tenant.tenantId(), key);
        }
        Log.info("key_rotated", "tenantId", tenant.tenantId(), "kind", kind.code());
        audit(caller, "key.rotate", kind.code() + " key", null, null);
        ObjectNode body = Json.object().put("kind", kind.code()).put("key", key);
        if (kind == KeyKind.INGEST) {
            body.put("snippet", Snippet.forTenant(key, config.publicApiUrl(), config.sdkUrl()));
        }
        return Responses.json(200, body);
    }

    /** One of {@link AssetCapture}'s codes: all, fonts_and_stylesheets or none. */
    private static AssetCapture captureAssets(JsonNode value) {
        return AssetCapture.parse(value.isTextual() ? value.asText() : "")
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_capture_assets", "captureAssets must be all, fonts_and_stylesheets or none"));
    }

    /** Distinct levels of {@link Tenant#CONSOLE_LEVELS}, in that order; [] turns console capture off. */
    private static List<String> consoleLevels(JsonNode value) {
        if (!value.isArray() || value.size() > Tenant.CONSOLE_LEVELS.size()) {
            throw ApiException.badRequest(
                    "invalid_console_levels", "consoleLevels must be an array of " + Tenant.CONSOLE_LEVELS);
        }
        List<String> chosen = new ArrayList<>();
        for (JsonNode level : value) {
            if (!level.isTextual()
                    || !Tenant.CONSOLE_LEVELS.contains(level.asText())
                    || chosen.contains(level.asText())) {
                throw ApiException.badRequest(
                        "invalid_console_levels", "consoleLevels must be distinct levels of " + Tenant.CONSOLE_LEVELS);
            }
            chosen.add(level.asText());
        }
        return Tenant.CONSOLE_LEVELS.stream().filter(chosen::contains).toList();
    }

    /** The tenant's settings, and the origins refused lately (newest first) for Settings to show. */
    private ObjectNode viewWithRefusals(Tenant t) {
        ObjectNode node = view(t);
        ArrayNode refused = node.putArray("refusedOrigins");
        tenants.refusedOrigins(t.tenantId()).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> refused.addObject()
                        .put("origin", e.getKey())
                        .put("lastRefusedAt", Instant.ofEpochMilli(e.getValue()).toString()));
        return node;
    }

    private static ObjectNode view(Tenant t) {
        ObjectNode node = Json.object()
                .put("tenantId", t.tenantId())
                .put("organization", t.organization())
                .put("email", t.email())
                .put("retentionDays", t.retentionDays())
                .put("sampleRate", t.sampleRate())
                .put("maskAllText", t.maskAllText())
                .put("consentRequired", t.consentRequired())
                .put("captureAssets", t.captureAssets().code())
                .put("recordCanvas", t.recordCanvas());
        // the operator's limits, read-only here (docs/DEPLOY.md, "A tenant's plan")
        node.putObject("plan")
                .put("chunksPerMinute", t.plan().chunksPerMinute())
                .put("sessionsPerMonth", t.plan().sessionsPerMonth());
        ObjectNode rules = node.putObject("frustrationRules");
        t.frustrationRules().toMap().forEach(rules::put);
        node.putArray("allowedOrigins")
                .addAll(t.allowedOrigins().stream()
                        .map(Json.MAPPER.getNodeFactory()::textNode)
                        .toList());
        node.putArray("urlQueryAllowList")
                .addAll(t.urlQueryAllowList().stream()
                        .map(Json.MAPPER.getNodeFactory()::textNode)
                        .toList());
        node.putArray("consoleLevels")
                .addAll(t.consoleLevels().stream()
                        .map(Json.MAPPER.getNodeFactory()::textNode)
                        .toList());
        return node;
    }

    private static boolean bool(String field, JsonNode value) {
        if (!value.isBoolean()) {
            throw ApiException.badRequest("invalid_" + field, field + " must be true or false");
        }
        return value.asBoolean();
    }

    /** Some thresholds changed; those not named keep their value. */
    private static FrustrationRules frustrationRules(FrustrationRules current, JsonNode value) {
        if (!value.isObject()) {
            throw ApiException.badRequest(
                    "invalid_frustration_rules", "frustrationRules must be an object of thresholds");
        }
        Map<String, Long> changes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> thresholds = value.fields();
        while (thresholds.hasNext()) {
            Map.Entry<String, JsonNode> threshold = thresholds.next();
            if (!threshold.getValue().isIntegralNumber()
                    || !threshold.getValue().canConvertToLong()) {
                throw ApiException.badRequest("invalid_frustration_rules", threshold.getKey() + " must be an integer");
            }
            changes.put(threshold.getKey(), threshold.getValue().asLong());
        }
        try {
            return current.with(changes);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_frustration_rules", e.getMessage());
        }
    }

    private static List<String> origins(JsonNode value) {
        if (!value.isArray() || value.size() > MAX_ALLOWED_ORIGINS) {
            throw ApiException.badRequest(
                    "invalid_allowed_origins", "allowedOrigins must be an array of at most 50 origins");
        }
        List<String> origins = new ArrayList<>();
        for (JsonNode v : value) {
            if (!v.isTextual() || v.asText().length() > MAX_ORIGIN_CHARS || !isOrigin(v.asText())) {
                throw ApiException.badRequest(
                        "invalid_allowed_origins",
                        "each allowed origin looks like https://example.com, in at most " + MAX_ORIGIN_CHARS
                                + " characters");
            }
            origins.add(v.asText());
        }
        return List.copyOf(origins);
    }

    /**
     * An origin as a browser sends it in the {@code Origin} header, or it could never match: http or https,
     * a host, a port from 1 to 65535 if any, and nothing else (no user, path, query or fragment). The text
     * must be exactly {@code scheme://host[:port]}, lower case, which also refuses an empty port
     * ({@code https://a.example:}) and a port with leading zeros.
     */
    private static boolean isOrigin(String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            int port = uri.getPort();
            if (!("http".equals(scheme) || "https".equals(scheme))
                    || host == null
                    || (port != -1 && (port < 1 || port > 65_535))) {
                return false;
            }
            return s.equals(scheme + "://" + host.toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port));
        } catch (URISyntaxException | NumberFormatException e) {
            return false;
        }
    }

    /** Query parameter names (or prefixes ending in {@code *}) that recorded URLs keep; see {@link RecordedUrls}. */
    private static List<String> urlQueryAllowList(JsonNode value) {
        String rule = "urlQueryAllowList must be an array of at most " + RecordedUrls.MAX_ALLOW_LIST
                + " query parameter names such as page or utm_* (letters, digits, _ . ~ - [ ], at most 64, an optional * at the end)";
        if (!value.isArray() || value.size() > RecordedUrls.MAX_ALLOW_LIST) {
            throw ApiException.badRequest("invalid_url_query_allow_list", rule);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode v : value) {
            if (!v.isTextual()
                    || !RecordedUrls.ALLOW_LIST_ENTRY.matcher(v.asText()).matches()) {
                throw ApiException.badRequest("invalid_url_query_allow_list", rule);
            }
            if (!names.contains(v.asText())) {
                names.add(v.asText());
            }
        }
        return List.copyOf(names);
    }
}
