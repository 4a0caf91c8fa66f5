package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.common.Metrics;
import dev.rewind.common.Refused;
import dev.rewind.common.StoreUnavailable;
import dev.rewind.ingest.Chunk;
import dev.rewind.ingest.ChunkParser;
import dev.rewind.ingest.IngestKeyCache;
import dev.rewind.ingest.IngestLimits;
import dev.rewind.ingest.Ingestion;
import dev.rewind.ingest.Sampling;
import dev.rewind.ingest.TenantIngestSlots;
import dev.rewind.tenants.Tenant;
import dev.rewind.tenants.TenantStore;
import dev.rewind.usage.ChunkRateLimiter;
import java.time.Clock;

/**
 * {@code POST /v1/ingest} and {@code GET /v1/ingest/config}: the recorder's endpoints (docs/INGEST.md,
 * docs/openapi.yaml). The ingest key travels in the query string so browsers send without a preflight.
 */
public final class IngestApi extends ApiHandler {
    /**
     * How long a browser may keep a config answer. Its URL names the session, so the session's later
     * pages are answered from the browser's cache: one call per session instead of one per page
     * (docs/COST.md). A settings change reaches new sessions within {@link IngestKeyCache}'s 30 s and
     * pages of sessions already running within this plus those 30 s.
     */
    public static final int CONFIG_MAX_AGE_SECONDS = 300;

    private final IngestKeyAuth auth;
    private final Ingestion ingestion;
    private final Clock clock;
    private final TenantIngestSlots slots;
    private final ChunkRateLimiter rateLimiter;
    private final Metrics metrics;

    public IngestApi(
            TenantStore tenants,
            Ingestion ingestion,
            Clock clock,
            TenantIngestSlots slots,
            ChunkRateLimiter rateLimiter,
            Metrics metrics) {
        this.metrics = metrics;
        this.auth = new IngestKeyAuth(tenants, clock);
        this.ingestion = ingestion;
        this.clock = clock;
        this.slots = slots;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/ingest" -> ingestCounted(event);
            case "GET /v1/ingest/config" -> config(event);
            default -> throw unknownRoute(routeKey);
        };
    }

    /**
     * A chunk, its refusal counted in {@code ChunksRefused} by reason (a stored chunk is counted by
     * Ingestion, which alone knows it was new); the refusal then goes on to ApiHandler's mapping.
     */
    private APIGatewayV2HTTPResponse ingestCounted(APIGatewayV2HTTPEvent event) {
        try {
            return ingest(event);
        } catch (ApiException e) {
            metrics.chunkRefused(refusal(e));
            throw e;
        } catch (Refused e) {
            metrics.chunkRefused(refusal(ApiErrors.of(e)));
            throw e;
        } catch (StoreUnavailable e) {
            metrics.chunkRefused(Metrics.Refusal.UNAVAILABLE);
            throw e;
        }
    }

    /** The closed set of the metric's {@code Reason} dimension, from the answer the recorder gets. */
    static Metrics.Refusal refusal(ApiException e) {
        return switch (e.code()) {
            case "rate_limited" -> Metrics.Refusal.RATE_LIMITED;
            case "quota_exceeded" -> Metrics.Refusal.QUOTA_EXCEEDED;
            default ->
                e.status() == 503
                        ? Metrics.Refusal.UNAVAILABLE
                        : e.status() == 401 || e.status() == 403
                                ? Metrics.Refusal.UNAUTHORIZED
                                : Metrics.Refusal.INVALID;
        };
    }

    private APIGatewayV2HTTPResponse ingest(APIGatewayV2HTTPEvent event) {
        Tenant tenant = tenantFor(event);
        // the plan's chunks a minute, over every instance; refused before the body is decoded, nothing stored
        rateLimiter.admit(tenant.tenantId(), tenant.plan());
        // taken before the body is even decoded: a flood costs its own tenant's slots, not everyone's
        try (TenantIngestSlots.Slot slot = slots.enter(tenant.tenantId())) {
            return ingest(tenant, event);
        }
    }

    private APIGatewayV2HTTPResponse ingest(Tenant tenant, APIGatewayV2HTTPEvent event) {
        long now = clock.millis();
        Chunk chunk = ChunkParser.parse(Requests.bodyBytes(event), now);
        ObjectNode body = Json.object().put("accepted", true);
        if (!Sampling.isRecorded(chunk.sessionId(), tenant.sampleRate())) {
            return Responses.json(202, body.put("recording", false));
        }
        Ingestion.Outcome outcome = ingestion.ingest(tenant, chunk, Requests.header(event, "user-agent"));
        // no log line per chunk: at 4,000 chunks/s that would be ~1.5 TB of CloudWatch logs a month;
        // API Gateway's metrics count requests, and failures are logged where they happen
        return Responses.json(202, body.put("duplicate", outcome == Ingestion.Outcome.DUPLICATE));
    }

    private APIGatewayV2HTTPResponse config(APIGatewayV2HTTPEvent event) {
        Tenant tenant = tenantFor(event);
        String sessionId = Requests.query(event, "sessionId");
        if (sessionId == null || !IngestLimits.SESSION_ID.matcher(sessionId).matches()) {
            throw ApiException.badRequest("invalid_session_id", "sessionId must match [A-Za-z0-9_-]{16,64}");
        }
        ObjectNode body = Json.object()
                .put("recording", Sampling.isRecorded(sessionId, tenant.sampleRate()))
                .put("sampleRate", tenant.sampleRate())
                .put("maskAllText", tenant.maskAllText())
                .put("consentRequired", tenant.consentRequired())
                // what the recorder stores for replays; the page's own option may only narrow it (docs/ASSETS.md)
                .put("captureAssets", tenant.captureAssets().code())
                .put("recordCanvas", tenant.recordCanvas());
        // the recorder scrubs URLs with the same list before they leave the page (RecordedUrls)
        body.putArray("urlQueryAllowList")
                .addAll(tenant.urlQueryAllowList().stream()
                        .map(Json.MAPPER.getNodeFactory()::textNode)
                        .toList());
        // what the recorder captures of the page's console: the tenant's choice, [] for none
        body.putArray("consoleLevels")
                .addAll(tenant.consoleLevels().stream()
                        .map(Json.MAPPER.getNodeFactory()::textNode)
                        .toList());
        APIGatewayV2HTTPResponse response = Responses.json(200, body);
        // private: a shared cache has no business with it (the answer depends on the key's tenant)
        response.getHeaders().put("cache-control", "private, max-age=" + CONFIG_MAX_AGE_SECONDS);
        return response;
    }

    private Tenant tenantFor(APIGatewayV2HTTPEvent event) {
        return auth.tenantFor(event);
    }
}
