package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.Rewind;
import dev.rewind.lambda.IngestHandler;
import dev.rewind.testing.ApiEvents;
import dev.rewind.testing.Chunks;
import dev.rewind.testing.Emulator;
import dev.rewind.testing.MutableClock;
import dev.rewind.testing.Tenants;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk of several gzip members, as an older recorder's page hide sent it (a head compressed
 * earlier and the rest stored) or another client may (docs/INGEST.md, "Page hide"): it is taken, and stored
 * as one member, since a browser inflating the stored object would read only the first.
 */
class PageHideChunkIT {
    private static final String SESSION = "page-hide-session-01";

    private final MutableClock clock = MutableClock.now();
    private Rewind rewind;
    private Tenants.SignedUp tenant;
    private IngestHandler handler;

    @BeforeEach
    void tenant() {
        rewind = Emulator.freshRewind(clock);
        tenant = Tenants.signUp(rewind, "Hidden Pages");
        handler = new IngestHandler(rewind);
    }

    private APIGatewayV2HTTPResponse post(byte[] body) {
        return handler.handleRequest(
                ApiEvents.request("POST", "/v1/ingest")
                        .query("key", tenant.ingestKey())
                        .binary(body, "application/x-www-form-urlencoded")
                        .build(),
                null);
    }

    /** The chunk's JSON as the recorder writes it, events first, cut after the first event's text. */
    private String[] twoParts() {
        String events = Chunks.events(clock.millis() - 60_000, 5);
        String json = "{\"events\":" + events + ",\"sessionId\":\"" + SESSION + "\",\"seq\":0,\"meta\":{}}";
        int cut = json.indexOf("},{") + 1;
        return new String[] {json.substring(0, cut), json.substring(cut)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** What a browser reads of a Content-Encoding gzip object: the first member, and how many bytes follow it. */
    private record FirstMember(String text, int bytesAfterTrailer) {}

    private static FirstMember firstMember(byte[] gzip) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        // the server's GZIPOutputStream writes the plain 10-byte header
        inflater.setInput(gzip, 10, gzip.length - 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                throw new DataFormatException("truncated");
            }
            out.write(buffer, 0, n);
        }
        int after = inflater.getRemaining() - 8;
        inflater.end();
        return new FirstMember(out.toString(StandardCharsets.UTF_8), after);
    }

    @Test
    void aBodyOfTwoMembersIsStoredAsOneHoldingTheSameJson() throws DataFormatException {
        // given a chunk whose JSON is split over two gzip members
        String[] parts = twoParts();
        byte[] body = concat(Chunks.gzip(parts[0]), Chunks.gzip(parts[1]));

        // when it is sent, and sent again (saved by the hidden page, sent by the tab's next one)
        APIGatewayV2HTTPResponse first = post(body);
        APIGatewayV2HTTPResponse again = post(body);

        // then it is stored once, as a single member that inflates to the whole JSON as sent
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(202);
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(202);
        assertThat(Tenants.read(again).get("duplicate").asBoolean()).isTrue();
        byte[] stored = rewind.chunks.get(tenant.tenantId(), SESSION, 0).orElseThrow();
        assertThat(firstMember(stored)).isEqualTo(new FirstMember(parts[0] + parts[1], 0));
        assertThat(rewind.sessions
                        .load(tenant.tenantId(), SESSION)
                        .orElseThrow()
                        .state
                        .eventCount())
                .isEqualTo(5);
    }

    @Test
    void aSecondMemberWithAWrongChecksumIsRefusedAndStoresNothing() {
        // given the same two members, the second's CRC-32 damaged
        String[] parts = twoParts();
        byte[] second = Chunks.gzip(parts[1]);
        second[second.length - 8] ^= 0x01;

        // when it is sent
        APIGatewayV2HTTPResponse response = post(concat(Chunks.gzip(parts[0]), second));

        // then it is refused as bad gzip and nothing is stored
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Tenants.read(response).path("error").path("code").asText()).isEqualTo("invalid_gzip");
        assertThat(rewind.chunks.keys(tenant.tenantId())).isEmpty();
        assertThat(rewind.sessions.load(tenant.tenantId(), SESSION)).isEmpty();
    }
}
