package dev.rewind.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.sessions.SessionLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The recorder (recorder-sdk/src/constants.ts) keeps its own copy of the server's limits, because it
 * must act on them before a request is refused. This test is the link: change one side, and it fails
 * until the other follows.
 */
class RecorderLimitsTest {
    private static final Path CONSTANTS = Path.of("../recorder-sdk/src/constants.ts");

    @Test
    void theRecorderStartsANewSessionWhereTheServerStopsTakingChunks() throws IOException {
        assertThat(recorderConstant("MAX_CHUNKS_PER_SESSION")).isEqualTo(IngestLimits.MAX_CHUNKS_PER_SESSION);
    }

    @Test
    void theRecordersChunksFitWhatTheServerTakes() throws IOException {
        assertThat(recorderConstant("MAX_CHUNK_EVENTS")).isLessThanOrEqualTo(IngestLimits.MAX_EVENTS_PER_CHUNK);
        assertThat(recorderConstant("MAX_CHUNK_BYTES")).isLessThanOrEqualTo(IngestLimits.MAX_DECOMPRESSED_BYTES);
        // an uncompressed chunk (page hide) travels as it is: it must fit the body limit too
        assertThat(recorderConstant("MAX_CHUNK_BYTES")).isLessThanOrEqualTo(IngestLimits.MAX_BODY_BYTES);
    }

    @Test
    void theRecorderSendsNoUserIdTheServerWouldRefuse() throws IOException {
        assertThat(recorderConstant("MAX_USER_ID_LENGTH")).isEqualTo(SessionLimits.MAX_USER_ID_CHARS);
    }

    /** {@code export const NAME = 5_000;} or {@code = 128 * 1024;} */
    private static long recorderConstant(String name) throws IOException {
        Matcher m = Pattern.compile("export const " + name + " = ([0-9_]+)(?: \\* ([0-9_]+))?;")
                .matcher(Files.readString(CONSTANTS));
        assertThat(m.find()).as(name + " in " + CONSTANTS).isTrue();
        long value = Long.parseLong(m.group(1).replace("_", ""));
        return m.group(2) == null ? value : value * Long.parseLong(m.group(2).replace("_", ""));
    }
}
