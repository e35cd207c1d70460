/*
 * The digit selection and layout below are Raffaello Giulietti's Schubfach, as Jackson's
 * com.fasterxml.jackson.core.io.schubfach.FloatToDecimal has it (which infer's output has always been
 * written with). That code carries this notice:
 *
 * Copyright 2018-2020 Raffaello Giulietti
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
 * THE SOFTWARE.
 */
package dev.infer.io;

/**
 * A float's text written straight into a byte array: the shortest decimal that reads back to the same
 * float (ties to the closest, then even), laid out as {@code Float.toString} lays it out ({@code 0.001},
 * {@code 1234567.0}, {@code 1.0E7}, {@code 1.0E-4}). The bytes are exactly those of Jackson's
 * {@code NumberOutput.toString(f, true)}, which infer wrote before, on any JDK; JDK 19+'s own
 * {@code Float.toString} agrees, JDK 17's is sometimes a digit longer ({@code FloatTextTest}).
 *
 * <p>No object is made per float: the digits go into the caller's buffer. Stateless; any thread.
 */
public final class FloatText {
    /** The longest text: {@code -d.ddddddddE-ee}. */
    public static final int MAX_LENGTH = 15;

    private static final int P = 24;                          // precision in bits
    private static final int W = (Float.SIZE - 1) - (P - 1);  // exponent width in bits
    private static final int Q_MIN = (-1 << W - 1) - P + 3;
    private static final int C_TINY = 8;                      // tiny subnormals, section 8.1.1 of the paper
    private static final int K_MIN = -45;
    private static final int H = 9;                           // digits of a float's decimal at most
    private static final int C_MIN = 1 << P - 1;
    private static final int BQ_MASK = (1 << W) - 1;
    private static final int T_MASK = (1 << P - 1) - 1;
    private static final long MASK_32 = (1L << 32) - 1;
    private static final int MASK_28 = (1 << 28) - 1;

    // log10(2), log10(3/4) and log2(10) in fixed point (MathUtils of the same code)
    private static final int Q_10 = 41;
    private static final long C_10 = 661_971_961_083L;
    private static final long A_10 = -274_743_187_321L;
    private static final int Q_2 = 38;
    private static final long C_2 = 913_124_641_741L;

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    /**
     * g1(k) for k = -45 .. 31: the high 63 bits of floor(beta) + 1, where 10^-k = beta 2^r and
     * 2^125 <= beta < 2^126 (FloatTextTest recomputes them from that definition).
     */
    static final long[] G1 = {
        0x59AE_DFC1_0D72_79C5L, 0x47BF_1967_3DF5_2E37L, 0x72CB_5BD8_6321_E38CL, 0x5BD5_E313_8281_82D6L,
        0x4977_E8DC_6867_9BDFL, 0x758C_A7C7_0D72_92FEL, 0x5E0A_1FD2_7128_7598L, 0x4B3B_4CA8_5A86_C47AL,
        0x785E_E10D_5DA4_6D90L, 0x604B_E73D_E483_8AD9L, 0x4D09_85CB_1D36_08AEL, 0x7B42_6FAB_61F0_0DE3L,
        0x629B_8C89_1B26_7182L, 0x4EE2_D6D4_15B8_5ACEL, 0x7E37_BE20_22C0_914BL, 0x64F9_64E6_8233_A76FL,
        0x50C7_83EB_9B5C_85F2L, 0x409F_9CBC_7C4A_04C2L, 0x6765_C793_FA10_079DL, 0x52B7_D2DC_C80C_D2E4L,
        0x422C_A8B0_A00A_4250L, 0x69E1_0DE7_6676_D080L, 0x54B4_0B1F_852B_DA00L, 0x43C3_3C19_3756_4800L,
        0x6C6B_935B_8BBD_4000L, 0x56BC_75E2_D631_0000L, 0x4563_9182_44F4_0000L, 0x6F05_B59D_3B20_0000L,
        0x58D1_5E17_6280_0000L, 0x470D_E4DF_8200_0000L, 0x71AF_D498_D000_0000L, 0x5AF3_107A_4000_0000L,
        0x48C2_7395_0000_0000L, 0x746A_5288_0000_0000L, 0x5D21_DBA0_0000_0000L, 0x4A81_7C80_0000_0000L,
        0x7735_9400_0000_0000L, 0x5F5E_1000_0000_0000L, 0x4C4B_4000_0000_0000L, 0x7A12_0000_0000_0000L,
        0x61A8_0000_0000_0000L, 0x4E20_0000_0000_0000L, 0x7D00_0000_0000_0000L, 0x6400_0000_0000_0000L,
        0x5000_0000_0000_0000L, 0x4000_0000_0000_0000L, 0x6666_6666_6666_6666L, 0x51EB_851E_B851_EB85L,
        0x4189_374B_C6A7_EF9DL, 0x68DB_8BAC_710C_B295L, 0x53E2_D623_8DA3_C211L, 0x431B_DE82_D7B6_34DAL,
        0x6B5F_CA6A_F2BD_215EL, 0x55E6_3B88_C230_E77EL, 0x44B8_2FA0_9B5A_52CBL, 0x6DF3_7F67_5EF6_EADFL,
        0x57F5_FF85_E592_557FL, 0x465E_6604_B7A8_4465L, 0x7097_09A1_25DA_0709L, 0x5A12_6E1A_84AE_6C07L,
        0x480E_BE7B_9D58_566CL, 0x734A_CA5F_6226_F0ADL, 0x5C3B_D519_1B52_5A24L, 0x49C9_7747_490E_AE83L,
        0x760F_253E_DB4A_B0D2L, 0x5E72_8432_4908_8D75L, 0x4B8E_D028_3A6D_3DF7L, 0x78E4_8040_5D7B_9658L,
        0x60B6_CD00_4AC9_4513L, 0x4D5F_0A66_A23A_9DA9L, 0x7BCB_43D7_69F7_62A8L, 0x6309_0312_BB2C_4EEDL,
        0x4F3A_68DB_C8F0_3F24L, 0x7EC3_DAF9_4180_6506L, 0x6569_7BFA_9ACD_1D9FL, 0x5121_2FFB_AF0A_7E18L,
        0x40E7_5996_25A1_FE7AL,
    };

    private FloatText() {
    }

    /**
     * Writes {@code v}'s text at {@code buf[pos]} and returns the position after it; {@code buf} needs
     * {@link #MAX_LENGTH} bytes of room. NaN and the infinities are written as {@code Float.toString}
     * writes them (JSON has no such numbers: callers write null instead).
     */
    public static int write(float v, byte[] buf, int pos) {
        int bits = Float.floatToRawIntBits(v);
        int t = bits & T_MASK;
        int bq = (bits >>> P - 1) & BQ_MASK;
        if (bq == BQ_MASK) {
            return ascii(t != 0 ? "NaN" : bits > 0 ? "Infinity" : "-Infinity", buf, pos);
        }
        if (bits < 0) {
            buf[pos++] = '-';
        }
        if (bq != 0) {
            // normal: |v| = c 2^-mq
            int mq = -Q_MIN + 1 - bq;
            int c = C_MIN | t;
            if (0 < mq & mq < P) { // an integer: the fast path of section 8.2
                int f = c >> mq;
                if (f << mq == c) {
                    return digits(f, 0, buf, pos);
                }
            }
            return toDecimal(-mq, c, 0, buf, pos);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? toDecimal(Q_MIN, 10 * t, -1, buf, pos) : toDecimal(Q_MIN, t, 0, buf, pos);
        }
        buf[pos] = '0'; // either zero; the sign is written above
        buf[pos + 1] = '.';
        buf[pos + 2] = '0';
        return pos + 3;
    }

    /** Picks the decimal of c 2^q (figure 4 of the paper, with the computations of its figure 7). */
    private static int toDecimal(int q, int c, int dk, byte[] buf, int pos) {
        int out = c & 0x1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN | q == Q_MIN) { // regular spacing
            cbl = cb - 2;
            k = flog10pow2(q);
        } else { // irregular spacing
            cbl = cb - 1;
            k = (int) (q * C_10 + A_10 >> Q_10);
        }
        int h = q + (int) (-k * C_2 >> Q_2) + 33;
        long g = G1[k - K_MIN] + 1;
        int vb = rop(g, cb << h);
        int vbl = rop(g, cbl << h);
        int vbr = rop(g, cbr << h);
        int s = vb >> 2;
        if (s >= 100) {
            // s' = floor(s / 10); is 10 s' or 10 s' + 10 the one decimal of one digit less in the rounding interval?
            int sp10 = 10 * (int) (s * 1_717_986_919L >>> 34);
            int tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return digits(upin ? sp10 : tp10, k, buf, pos);
            }
        }
        int t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return digits(uin ? s : t, k + dk, buf, pos);
        }
        // both in the interval: the closer, or the even one on a tie
        int cmp = vb - (s + t << 1);
        return digits(cmp < 0 || cmp == 0 && (s & 0x1) == 0 ? s : t, k + dk, buf, pos);
    }

    private static int flog10pow2(int e) {
        return (int) (e * C_10 >> Q_10);
    }

    private static int rop(long g, long cp) {
        long x1 = multiplyHigh(g, cp);
        long vbp = x1 >>> 31;
        return (int) (vbp | (x1 & MASK_32) + MASK_32 >>> 32);
    }

    /** The high 64 bits of x y for the non-negative operands here, as the original computes them. */
    private static long multiplyHigh(long x, long y) {
        long x2 = x & 0xFFFFFFFFL;
        long y2 = y & 0xFFFFFFFFL;
        long b = x2 * y2;
        long x1 = x >>> 32;
        long y1 = y >>> 32;
        long a = x1 * y1;
        return (((b >>> 32) + (x1 + x2) * (y1 + y2) - b - a) >>> 32) + a;
    }

    /** Lays out the decimal f 10^e (section 10 of the paper). */
    private static int digits(int f, int e, byte[] buf, int pos) {
        int len = flog10pow2(Integer.SIZE - Integer.numberOfLeadingZeros(f));
        if (f >= POW10[len]) {
            len += 1;
        }
        // f 10^e = 0.f' 10^e' with exactly H digits in f'
        f *= POW10[H - len];
        e += len;
        int h = (int) (f * 1_441_151_881L >>> 57); // the leading digit
        int l = f - 100_000_000 * h;               // the other eight
        if (0 < e && e <= 7) {
            return plain(h, l, e, buf, pos);
        }
        if (-3 < e && e <= 0) {
            return leadingZeros(h, l, e, buf, pos);
        }
        return scientific(h, l, e, buf, pos);
    }

    private static int plain(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = (byte) ('0' + h);
        int y = y(l);
        int i = 1;
        for (; i < e; ++i) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        buf[pos++] = '.';
        for (; i <= 8; ++i) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        return withoutTrailingZeros(buf, pos);
    }

    private static int leadingZeros(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = '0';
        buf[pos++] = '.';
        for (; e < 0; ++e) {
            buf[pos++] = '0';
        }
        buf[pos++] = (byte) ('0' + h);
        pos = eightDigits(l, buf, pos);
        return withoutTrailingZeros(buf, pos);
    }

    private static int scientific(int h, int l, int e, byte[] buf, int pos) {
        buf[pos++] = (byte) ('0' + h);
        buf[pos++] = '.';
        pos = eightDigits(l, buf, pos);
        pos = withoutTrailingZeros(buf, pos);
        buf[pos++] = 'E';
        int x = e - 1;
        if (x < 0) {
            buf[pos++] = '-';
            x = -x;
        }
        if (x < 10) {
            buf[pos++] = (byte) ('0' + x);
            return pos;
        }
        int d = x * 103 >>> 10; // x / 10
        buf[pos++] = (byte) ('0' + d);
        buf[pos++] = (byte) ('0' + x - 10 * d);
        return pos;
    }

    /** Left-to-right digit extraction: algorithm 1 of Bouvier and Zimmermann, b = 10, k = 8, n = 28. */
    private static int eightDigits(int m, byte[] buf, int pos) {
        int y = y(m);
        for (int i = 0; i < 8; ++i) {
            int t = 10 * y;
            buf[pos++] = (byte) ('0' + (t >>> 28));
            y = t & MASK_28;
        }
        return pos;
    }

    private static int y(int a) {
        return (int) (multiplyHigh((long) (a + 1) << 28, 193_428_131_138_340_668L) >>> 20) - 1;
    }

    /** Drops trailing zeros, but keeps the one right after the point. */
    private static int withoutTrailingZeros(byte[] buf, int pos) {
        int last = pos - 1;
        while (buf[last] == '0') {
            --last;
        }
        if (buf[last] == '.') {
            ++last;
        }
        return last + 1;
    }

    private static int ascii(String s, byte[] buf, int pos) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }
}
