package dev.infer.io;

/** Strict UTF-8 checking: Java's String decoding silently substitutes, and we must flag bad rows. */
public final class Utf8 {
    private Utf8() {
    }

    /** Offset of the first byte that starts an invalid sequence, or -1 if the range is valid UTF-8. */
    public static int firstInvalid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int n;
            int min = 0x80;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c == 0xE0) {
                n = 2;
                min = 0xA0; // overlong
            } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
                n = 2;
            } else if (c == 0xED) {
                n = 2;
                max = 0x9F; // surrogates
            } else if (c == 0xF0) {
                n = 3;
                min = 0x90; // overlong
            } else if (c >= 0xF1 && c <= 0xF3) {
                n = 3;
            } else if (c == 0xF4) {
                n = 3;
                max = 0x8F; // above U+10FFFF
            } else {
                return i;
            }
            if (end - i - 1 < n) {
                return i;
            }
            int c2 = b[i + 1] & 0xFF;
            if (c2 < min || c2 > max) {
                return i;
            }
            for (int k = 2; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
