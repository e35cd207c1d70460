package dev.infer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatText} against the text infer has always written (Jackson's {@code NumberOutput.toString(f,
 * true)}), byte for byte, and against {@link Float#parseFloat}: every class of bit pattern, then ten million
 * seeded random ones. On JDK 19 and later {@link Float#toString} must agree as well (the same algorithm);
 * JDK 17's is sometimes a digit longer, which is why infer never used it for output.
 */
class FloatTextTest {
    private static final boolean JDK_SHORTEST = Runtime.version().feature() >= 19;

    private final byte[] buf = new byte[64];
    private long checked;

    /** Writes f at an odd offset (the buffer is the caller's) and checks it; returns the text. */
    private String check(float f) {
        buf[2] = 'x';
        int end = FloatText.write(f, buf, 3);
        assertEquals('x', buf[2], "wrote before its position");
        assertTrue(end - 3 <= FloatText.MAX_LENGTH, "longer than MAX_LENGTH");
        String ref = NumberOutput.toString(f, true);
        boolean same = end - 3 == ref.length();
        for (int i = 0; same && i < ref.length(); i++) {
            same = buf[3 + i] == ref.charAt(i);
        }
        String ours = new String(buf, 3, end - 3, StandardCharsets.ISO_8859_1);
        if (!same) {
            fail("bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + ": wrote " + ours + ", infer wrote " + ref);
        }
        if (Float.isNaN(f)) {
            assertEquals("NaN", ours);
        } else if (Float.floatToRawIntBits(Float.parseFloat(ours)) != Float.floatToRawIntBits(f)) {
            fail(ours + " does not read back to bits " + Integer.toHexString(Float.floatToRawIntBits(f)));
        }
        if (JDK_SHORTEST && !ours.equals(Float.toString(f))) {
            fail(ours + " differs from this JDK's Float.toString " + Float.toString(f));
        }
        checked++;
        return ours;
    }

    private void checkWithNeighbours(float f) {
        for (float g : new float[] {f, Math.nextUp(f), Math.nextDown(f), -f, -Math.nextUp(f), -Math.nextDown(f)}) {
            check(g);
        }
    }

    @Test
    void zerosInfinitiesAndNaNAreWrittenAsFloatToStringWritesThem() {
        assertEquals("0.0", check(0f));
        assertEquals("-0.0", check(-0f));
        assertEquals("Infinity", check(Float.POSITIVE_INFINITY));
        assertEquals("-Infinity", check(Float.NEGATIVE_INFINITY));
        assertEquals("NaN", check(Float.NaN));
        assertEquals("NaN", check(Float.intBitsToFloat(0xff800001))); // a signalling NaN with the sign set
        assertEquals("NaN", check(Float.intBitsToFloat(0x7fc00123)));
    }

    @Test
    void subnormalsMinAndMax() {
        for (int t = 1; t < 4096; t++) { // the tiny ones (t < 8) take their own path
            check(Float.intBitsToFloat(t));
            check(Float.intBitsToFloat(0x8000_0000 | t));
        }
        for (int t = 0x7f_f000; t <= 0x7f_ffff; t++) { // the largest subnormals, up to MIN_NORMAL
            check(Float.intBitsToFloat(t));
        }
        assertEquals("1.4E-45", check(Float.MIN_VALUE));
        assertEquals("1.1754944E-38", check(Float.MIN_NORMAL)); // JDK 17: 1.17549435E-38
        assertEquals("3.4028235E38", check(Float.MAX_VALUE));
        checkWithNeighbours(Float.MIN_NORMAL);
        checkWithNeighbours(Float.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(26);
        for (int i = 0; i < 200_000; i++) {
            check(Float.intBitsToFloat(random.nextInt(1, 0x80_0000)));
        }
    }

    @Test
    void powersOfTenAndOfTwoAndTheirNeighbours() {
        for (int k = -45; k <= 38; k++) {
            checkWithNeighbours(Float.parseFloat("1e" + k));
            checkWithNeighbours(Float.parseFloat("9.999999e" + k));
            checkWithNeighbours(Float.parseFloat("5e" + k));
        }
        // where the layout switches between plain and scientific
        assertEquals("0.001", check(1e-3f));
        assertEquals("9.999999E-4", check(9.999999E-4f));
        assertEquals("1.0E-4", check(1e-4f));
        assertEquals("1000000.0", check(1e6f));
        assertEquals("9999999.0", check(9999999f));
        assertEquals("1.0E7", check(1e7f));
        assertEquals("1.0E10", check(1e10f));
        for (int e = -149; e <= 127; e++) { // a power of two is where the spacing below is half the spacing above
            checkWithNeighbours(Math.scalb(1f, e));
        }
        for (int n = 0; n <= 1 << 16; n++) { // integers (their own fast path), around 2^24 too
            check(n);
            check((1 << 24) - n);
            check((1 << 24) + 2 * n);
        }
    }

    /**
     * Floats whose rounding interval ends exactly on a short decimal: above 2^24 the midpoint of two
     * neighbours, (2c + 1) 2^(q - 1), is a whole number, and it ends in j zeros when 5^j divides 2c + 1. Whether
     * that decimal belongs to the interval depends on the significand being even: both neighbours are checked.
     */
    @Test
    void halfwayCasesBetweenNeighbours() {
        int cases = 0;
        for (int j = 1; j <= 10; j++) {
            long five = 1;
            for (int i = 0; i < j; i++) {
                five *= 5;
            }
            for (long m = five; m < 1L << 25; m += 2 * five) { // odd multiples of 5^j
                long c = (m - 1) / 2;
                if (c < 1 << 23 || c >= 1 << 24) {
                    continue;
                }
                for (int q = j + 1; q <= 104; q += 7) {
                    float f = Math.scalb((float) c, q);
                    if (Float.isFinite(f) && Math.nextUp(f) != Float.POSITIVE_INFINITY) {
                        check(f);
                        check(Math.nextUp(f));
                        cases++;
                    }
                }
                if (m > five * 4000) {
                    break; // enough of each j
                }
            }
        }
        assertTrue(cases > 5_000, "halfway cases checked: " + cases);
        // and the decimal strings exactly halfway between two floats read back to the even one
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt(0x0080_0000, 0x7f00_0000));
            BigDecimal mid = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
            float back = Float.parseFloat(mid.toString());
            float even = (Float.floatToRawIntBits(f) & 1) == 0 ? f : Math.nextUp(f);
            assertEquals(Float.floatToRawIntBits(even), Float.floatToRawIntBits(back), mid.toString());
            check(back);
        }
    }

    @Test
    void tenMillionSeededRandomBitPatterns() {
        SplittableRandom random = new SplittableRandom(20261208L);
        for (int i = 0; i < 10_000_000; i++) {
            check(Float.intBitsToFloat(random.nextInt()));
        }
        assertEquals(10_000_000, checked);
    }

    /** The text is the shortest that reads back (the property the digits were chosen for), on a sample. */
    @Test
    void theTextHasTheFewestDigitsThatReadBack() {
        SplittableRandom random = new SplittableRandom(3);
        List<Float> samples = new ArrayList<>(List.of(0.3f, 1.1f, 0.1f + 0.2f, 1.18846831E13f, -6.8538022E8f,
                4.44868507E18f, 2.0E-3f, 1.0E23f));
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f) && f != 0) {
                samples.add(f);
            }
        }
        for (float f : samples) {
            String s = check(f);
            int digits = new BigDecimal(s).stripTrailingZeros().precision();
            int shortest = 9;
            for (int p = 1; p < 9; p++) {
                if (Float.parseFloat(new BigDecimal(f).round(new MathContext(p)).toString()) == f) {
                    shortest = p;
                    break;
                }
            }
            // Schubfach's one exception: when one digit reads back, it may pick the closer of two-digit ones
            assertTrue(digits == shortest || shortest == 1 && digits == 2, s + ": " + digits + " digits, " + shortest
                    + " would do");
        }
        assertEquals("1.1884683E13", check(1.18846831E13f)); // JDK 17's Float.toString: 1.18846831E13
        assertEquals("-6.853802E8", check(-6.8538022E8f));
    }

    /** g1(k): the high 63 bits of floor(beta) + 1, where 10^-k = beta 2^r and 2^125 <= beta < 2^126. */
    @Test
    void theTableOfPowersOfTenIsItsDefinition() {
        for (int k = -45; k <= 31; k++) {
            BigInteger g;
            if (k <= 0) { // 10^-k is a whole number
                BigInteger p = BigInteger.TEN.pow(-k);
                int shift = 125 - (p.bitLength() - 1);
                g = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else { // 10^-k = 2^s / 10^k / 2^s
                BigInteger p = BigInteger.TEN.pow(k);
                int s = 125 + p.bitLength(); // 2^s / 10^k has 126 bits
                g = BigInteger.ONE.shiftLeft(s).divide(p);
                if (g.bitLength() > 126) {
                    g = BigInteger.ONE.shiftLeft(s - 1).divide(p);
                }
            }
            assertEquals(126, g.bitLength(), "beta for k = " + k);
            long g1 = g.add(BigInteger.ONE).shiftRight(63).longValueExact();
            assertEquals(g1, FloatText.G1[k + 45], "g1(" + k + ")");
        }
    }
}
