package dev.rewind.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;

/**
 * One message of the work queue: either "plan {@code job} from the tenant cursor {@code cursor}" (no
 * tenant: the planner's continuation, null cursor from the first tenant), or "run {@code job} for
 * {@code tenantId} from the job's own cursor {@code cursor}" (null: from the start). Delivering a message
 * twice is harmless: every job is idempotent.
 */
public record WorkMessage(Job job, String tenantId, String cursor) {

    public WorkMessage {
        if (job == null) {
            throw new IllegalArgumentException("a work message names its job");
        }
    }

    public static WorkMessage plan(Job job, String tenantCursor) {
        return new WorkMessage(job, null, tenantCursor);
    }

    public static WorkMessage tenant(Job job, String tenantId, String cursor) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("a tenant's work message names the tenant");
        }
        return new WorkMessage(job, tenantId, cursor);
    }

    /** True for the planner's continuation, false for a tenant's part. */
    public boolean planning() {
        return tenantId == null;
    }

    public String toJson() {
        ObjectNode body = Json.object().put("job", job.id);
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return Json.write(body);
    }

    /** @throws IllegalArgumentException for a body that is not a work message */
    public static WorkMessage fromJson(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a work message is JSON", e);
        }
        if (node == null || !node.isObject() || !node.path("job").isTextual()) {
            throw new IllegalArgumentException("a work message is a JSON object naming its job");
        }
        Job job = Job.of(node.get("job").asText());
        String cursor = node.path("cursor").isTextual() ? node.get("cursor").asText() : null;
        return node.path("tenantId").isTextual()
                ? tenant(job, node.get("tenantId").asText(), cursor)
                : plan(job, cursor);
    }
}
