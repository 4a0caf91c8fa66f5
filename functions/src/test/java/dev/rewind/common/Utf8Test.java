package dev.rewind.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8} accepts exactly what the JDK's strict UTF-8 decoder accepts. */
class Utf8Test {

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
        return bytes;
    }

    @Test
    void refusesWhatIsNotUtf8AndAcceptsTheEdgesOfWhatIs() {
        // refused: FF FE, overlong forms, surrogates, past U+10FFFF, cut-off sequences
        for (byte[] bad : new byte[][] {
            bytes(0xFF, 0xFE),
            bytes(0xC0, 0xAF),
            bytes(0xC1, 0xBF),
            bytes(0xE0, 0x80, 0xAF),
            bytes(0xF0, 0x80, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xF4, 0x90, 0x80, 0x80),
            bytes(0xF5, 0x80, 0x80, 0x80),
            bytes(0x80),
            bytes(0x41, 0xC3),
            bytes(0xE2, 0x82),
            bytes(0xC3, 0x28)
        }) {
            assertThat(Utf8.isValid(bad))
                    .as(java.util.HexFormat.of().formatHex(bad))
                    .isFalse();
        }
        // accepted: ASCII, é, €, the last BMP character, 😀, U+10FFFF, an empty body
        for (byte[] good : new byte[][] {
            bytes(0x41),
            bytes(0xC3, 0xA9),
            bytes(0xE2, 0x82, 0xAC),
            bytes(0xEF, 0xBF, 0xBF),
            bytes(0xF0, 0x9F, 0x98, 0x80),
            bytes(0xF4, 0x8F, 0xBF, 0xBF),
            new byte[0]
        }) {
            assertThat(Utf8.isValid(good))
                    .as(java.util.HexFormat.of().formatHex(good))
                    .isTrue();
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(42);
        int invalid = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int j = 0; j < bytes.length; j++) {
                // mostly the bytes around sequence boundaries, where the mistakes would be
                bytes[j] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean expected = jdkAccepts(bytes);
            assertThat(Utf8.isValid(bytes))
                    .as(java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(expected);
            if (!expected) invalid++;
        }
        assertThat(invalid).isBetween(1_000, 199_000);
    }

    @Test
    void theCheckingStreamRefusesASequenceSplitAcrossReadsOnlyWhenItIsBad() throws IOException {
        byte[] good = "price: 12 \u20ac \ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Utf8.checking(new OneByteAtATime(good))) {
            assertThat(in.readAllBytes()).isEqualTo(good);
        }
        try (InputStream in = Utf8.checking(new OneByteAtATime(bytes(0x41, 0xE2, 0x82)))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(Utf8.Malformed.class);
        }
        try (InputStream in = Utf8.checking(new ByteArrayInputStream(bytes(0x7B, 0xC0, 0xAF, 0x7D)))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(Utf8.Malformed.class);
        }
    }

    /** Hands out one byte per read, so every multi-byte sequence is split across reads. */
    private static final class OneByteAtATime extends ByteArrayInputStream {
        OneByteAtATime(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(1, len));
        }
    }
}
