package dev.rewind.priming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.Rewind;
import dev.rewind.sessions.SessionRecord;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The in-memory session index reads back every field of the item it stored, as DynamoDB would. */
class InMemoryRewindTest {

    @Test
    void aSavedSessionLoadsWithItsGapItsLastChunkAndItsFinish() {
        Rewind rewind = InMemoryRewind.rewind(Clock.systemUTC());
        SessionRecord record = SessionRecord.fresh("t_inmemory", "in-memory-session-1");
        record.seqs.add(1);
        record.gapSince = 1_000;
        record.lastChunkAt = 2_000;
        record.finishedAt = 3_000;

        rewind.sessions.save(record, 4_000);
        SessionRecord loaded =
                rewind.sessions.load("t_inmemory", "in-memory-session-1").orElseThrow();

        assertThat(loaded.seqs).containsExactly(1);
        assertThat(loaded.gapSince).isEqualTo(1_000);
        assertThat(loaded.lastChunkAt).isEqualTo(2_000);
        assertThat(loaded.finishedAt).isEqualTo(3_000);
    }
}
