package dev.rewind.tenants;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The install snippet: recorder-sdk/snippet.template.html (packaged into the jar) with the tenant's values. */
public final class Snippet {
    private static final String TEMPLATE = load();

    private Snippet() {}

    public static String forTenant(String ingestKey, String endpoint, String sdkUrl) {
        return TEMPLATE.replace("{{SDK_URL}}", sdkUrl)
                .replace("{{INGEST_KEY}}", ingestKey)
                .replace("{{ENDPOINT}}", endpoint)
                .trim();
    }

    private static String load() {
        try (InputStream in = Snippet.class.getResourceAsStream("/snippet.template.html")) {
            if (in == null) {
                throw new IllegalStateException("snippet.template.html is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
