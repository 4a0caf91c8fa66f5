package dev.rewind.priming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SnapStart priming runs the whole ingest path in memory: chunks accepted, the session judged. */
class PrimingTest {

    @Test
    void primingIngestsItsMadeUpSessionAndFindsItsRageAndDeadClick() {
        assertThat(Priming.prime()).isEqualTo(2);
    }
}
