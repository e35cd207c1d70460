package dev.infer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkStrictDecoder() {
        Random rnd = new Random(42);
        int invalid = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[1 + rnd.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                // mostly bytes near the interesting ranges
                b[k] = (byte) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0x80) : rnd.nextInt(256));
            }
            boolean ours = Utf8.firstInvalid(b, 0, b.length) < 0;
            assertEquals(jdkValid(b), ours, () -> java.util.HexFormat.of().formatHex(b));
            invalid += ours ? 0 : 1;
        }
        // the sample must hold both kinds for the comparison to mean anything
        assertEquals(true, invalid > 1000 && invalid < 199_000, "invalid=" + invalid);
    }

    @Test
    void reportsTheOffset() {
        byte[] b = {'a', 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80}; // an encoded surrogate
        assertEquals(2, Utf8.firstInvalid(b, 0, b.length));
        assertEquals(-1, Utf8.firstInvalid("\u00e9\u4e2d\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), 0, 9));
    }
}
