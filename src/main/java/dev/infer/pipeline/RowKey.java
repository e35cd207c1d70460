package dev.infer.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a row's result depends on, as a SHA-256: the run's scope (model identity, command, every
 * output-shaping option) and the row's model input. Equal keys mean equal results.
 */
public record RowKey(byte[] bytes) {

    public RowKey {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a row key has 32 bytes, got " + bytes.length);
        }
    }

    /**
     * The key of {@code text} in {@code scope}. The text is the row's text exactly as read; the tokenizer
     * is deterministic and part of the scope, so equal texts give equal tokens after truncation.
     */
    public static RowKey of(byte[] scope, String text) {
        MessageDigest d = sha256();
        d.update(scope);
        d.update((byte) 0);
        d.update(text.getBytes(StandardCharsets.UTF_8));
        return new RowKey(d.digest());
    }

    /**
     * Keys texts of one scope with one digest (no provider lookup per row, as {@link #of} has); one thread.
     * Equal to {@link #of} for every text.
     */
    public static final class Keyer {
        private final byte[] scope;
        private final MessageDigest d = sha256();

        public Keyer(byte[] scope) {
            this.scope = scope.clone();
        }

        public RowKey key(String text) {
            d.update(scope);
            d.update((byte) 0);
            d.update(text.getBytes(StandardCharsets.UTF_8));
            return new RowKey(d.digest()); // digest() resets it for the next text
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
