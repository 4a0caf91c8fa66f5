package dev.rewind.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.common.Json;

/**
 * A synthetic recording of a heavy page: a full snapshot of a 3,000-node product grid, then per second
 * a price ticker mutation, mouse movement, a scroll and now and then a click — the shape rrweb records.
 */
final class HeavyPage {
    private HeavyPage() {}

    static ArrayNode recording(int seconds) {
        long t = 1_700_000_000_000L;
        ArrayNode events = Json.MAPPER.createArrayNode();
        ObjectNode meta = events.addObject().put("type", 4).put("timestamp", t);
        meta.putObject("data")
                .put("href", "https://bench.example/grid")
                .put("width", 1280)
                .put("height", 800);
        ObjectNode full = events.addObject().put("type", 2).put("timestamp", t + 5);
        ObjectNode html =
                full.putObject("data").putObject("node").put("type", 0).put("id", 1);
        ArrayNode body = html.putArray("childNodes")
                .addObject()
                .put("type", 2)
                .put("tagName", "body")
                .put("id", 2)
                .putArray("childNodes");
        int id = 3;
        for (int card = 0; card < 500; card++) { // 500 cards x 6 nodes = 3,000 nodes
            ObjectNode div =
                    body.addObject().put("type", 2).put("tagName", "div").put("id", id++);
            div.putObject("attributes").put("class", "card product-" + card);
            ArrayNode children = div.putArray("childNodes");
            ObjectNode h =
                    children.addObject().put("type", 2).put("tagName", "h3").put("id", id++);
            h.putArray("childNodes")
                    .addObject()
                    .put("type", 3)
                    .put("textContent", "Product number " + card)
                    .put("id", id++);
            ObjectNode price =
                    children.addObject().put("type", 2).put("tagName", "span").put("id", id++);
            price.putArray("childNodes")
                    .addObject()
                    .put("type", 3)
                    .put("textContent", "€" + (10 + card % 90) + ".00")
                    .put("id", id++);
            ObjectNode button =
                    children.addObject().put("type", 2).put("tagName", "button").put("id", id++);
            button.putArray("childNodes");
        }
        for (int s = 0; s < seconds; s++) {
            long at = t + 1000L * (s + 1);
            ObjectNode mutation = events.addObject().put("type", 3).put("timestamp", at);
            ObjectNode m = mutation.putObject("data").put("source", 0);
            ArrayNode texts = m.putArray("texts");
            for (int k = 0; k < 20; k++) {
                texts.addObject().put("id", 7 + 6 * ((s * 20 + k) % 500)).put("value", "€" + (s + k) + ".99");
            }
            m.putArray("attributes");
            m.putArray("removes");
            m.putArray("adds");
            ObjectNode move = events.addObject().put("type", 3).put("timestamp", at + 100);
            ArrayNode positions = move.putObject("data").put("source", 1).putArray("positions");
            for (int k = 0; k < 10; k++) {
                positions
                        .addObject()
                        .put("x", 100 + s * 7 % 900 + k)
                        .put("y", 200 + k * 3)
                        .put("id", 2)
                        .put("timeOffset", -k * 50);
            }
            events.addObject()
                    .put("type", 3)
                    .put("timestamp", at + 300)
                    .putObject("data")
                    .put("source", 3)
                    .put("id", 1)
                    .put("x", 0)
                    .put("y", s * 40);
            if (s % 7 == 0) {
                events.addObject()
                        .put("type", 3)
                        .put("timestamp", at + 500)
                        .putObject("data")
                        .put("source", 2)
                        .put("type", 2)
                        .put("id", 8 + 6 * (s % 500))
                        .put("x", 300)
                        .put("y", 400);
            }
        }
        return events;
    }
}
