package dev.rewind.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** EventBridge scheduled events as a scheduled function receives them (a JSON object read as a map). */
public final class ScheduledEvents {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";

    private ScheduledEvents() {}

    public static Map<String, Object> at(Instant firedAt, String ruleName) {
        return Map.of(
                "version",
                "0",
                "id",
                UUID.randomUUID().toString(),
                "detail-type",
                "Scheduled Event",
                "source",
                "aws.events",
                "account",
                ACCOUNT,
                "time",
                firedAt.toString(),
                "region",
                REGION,
                "resources",
                List.of("arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + ruleName),
                "detail",
                Map.of());
    }
}
