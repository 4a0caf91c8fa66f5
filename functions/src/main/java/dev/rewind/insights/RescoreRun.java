package dev.rewind.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;
import dev.rewind.frustration.FrustrationRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's re-score of its sessions in retention (docs/FRUSTRATION.md, "Re-score history"): its progress,
 * one small item per tenant beside its hotspots. {@code position} is where the run goes on from (the
 * by-start cursor of the next part, null: the first page); a part records its work only over the position
 * it started from, so a message delivered twice counts once. {@code version} is the stored version (null
 * before the first write): a write wins only over the version it read.
 *
 * @param rules     the thresholds the run applies (the tenant's when it started, or when it restarted after a change)
 * @param startedAt when the run started (epoch ms): it re-scores the sessions that started before it
 * @param updatedAt when a part last recorded progress (epoch ms)
 * @param finishedAt when the last part was done (epoch ms), 0 while running
 * @param rescored  sessions whose chunks went through detection again
 * @param changed   of those, sessions whose frustrations (flags, hotspots) changed
 * @param skipped   sessions left as they were: still open, or past retention
 */
public record RescoreRun(
        String runId,
        boolean done,
        FrustrationRules rules,
        long startedAt,
        long updatedAt,
        long finishedAt,
        int rescored,
        int changed,
        int skipped,
        String position,
        Long version) {

    /** A new run, stored over {@code previous} (null: the tenant's first). */
    public static RescoreRun start(String runId, FrustrationRules rules, long now, RescoreRun previous) {
        return new RescoreRun(
                runId, false, rules, now, now, 0, 0, 0, 0, null, previous == null ? null : previous.version);
    }

    /** The same run from the start again, with other rules (they changed while it ran). */
    public RescoreRun restart(FrustrationRules newRules, long now) {
        return new RescoreRun(runId, false, newRules, now, now, 0, 0, 0, 0, null, version);
    }

    /** This run as one that recorded no progress for ages: a new start replaces it. */
    public RescoreRun stalled() {
        return new RescoreRun(
                runId, done, rules, startedAt, 0, finishedAt, rescored, changed, skipped, position, version);
    }

    /** This run after a part: its counts added, going on from {@code next} (null: the run is done). */
    public RescoreRun after(int rescoredMore, int changedMore, int skippedMore, String next, long now) {
        return new RescoreRun(
                runId,
                next == null,
                rules,
                startedAt,
                now,
                next == null ? now : 0,
                rescored + rescoredMore,
                changed + changedMore,
                skipped + skippedMore,
                next,
                version);
    }

    /** The stored form (the item's {@code run} attribute). */
    public String toJson() {
        ObjectNode node = Json.object()
                .put("runId", runId)
                .put("done", done)
                .put("startedAt", startedAt)
                .put("updatedAt", updatedAt)
                .put("finishedAt", finishedAt)
                .put("rescored", rescored)
                .put("changed", changed)
                .put("skipped", skipped);
        ObjectNode thresholds = node.putObject("rules");
        rules.toMap().forEach(thresholds::put);
        if (position != null) {
            node.put("position", position);
        }
        return Json.write(node);
    }

    public static RescoreRun fromJson(String json, Long version) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a re-score run's item is not JSON", e);
        }
        Map<String, Long> thresholds = new LinkedHashMap<>();
        node.path("rules")
                .fields()
                .forEachRemaining(e -> thresholds.put(e.getKey(), e.getValue().asLong()));
        return new RescoreRun(
                node.path("runId").asText(),
                node.path("done").asBoolean(),
                FrustrationRules.DEFAULTS.with(thresholds),
                node.path("startedAt").asLong(),
                node.path("updatedAt").asLong(),
                node.path("finishedAt").asLong(),
                node.path("rescored").asInt(),
                node.path("changed").asInt(),
                node.path("skipped").asInt(),
                node.path("position").isTextual() ? node.get("position").asText() : null,
                version);
    }
}
