package dev.infer.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face fast tokenizer (tokenizer.json) with infer's settings: no padding (batches pad
 * themselves only as far as their longest row) and truncation at the model's max length.
 *
 * <p>Thread-safe: the native tokenizer encodes concurrently, so all workers share one instance.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer truncating;
    /** Opened on first use: only {@code infer tokenize} counts full lengths, and a tokenizer costs ~0.1 s to open. */
    private final TokenizerSource source;
    private final Boolean lowerCase;
    private final Object countingLock = new Object();
    private volatile HuggingFaceTokenizer counting;
    /** Window tokenizers by stride (see {@link #windows}); guarded by countingLock. */
    private final Map<Integer, HuggingFaceTokenizer> windowing = new java.util.HashMap<>();
    private boolean closed;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer truncating, TokenizerSource source, Boolean lowerCase, int maxLength) {
        this.truncating = truncating;
        this.source = source;
        this.lowerCase = lowerCase;
        this.maxLength = maxLength;
    }

    /**
     * Loads a tokenizer.json ({@code lowerCase}: lower-case texts before tokenizing; null or false: leave
     * that to the file's normalizer). The file's own padding and truncation settings are overridden: the
     * embedded model's file asks for fixed padding to 128, which would waste work and cut texts short.
     */
    public static TextTokenizer load(TokenizerSource source, int maxLength, Boolean lowerCase) throws IOException {
        HuggingFaceTokenizer truncating = open(source, Map.of(
                "padding", "false", "truncation", "true",
                "maxLength", Integer.toString(maxLength), "modelMaxLength", Integer.toString(maxLength)), lowerCase);
        return new TextTokenizer(truncating, source, lowerCase, maxLength);
    }

    private static HuggingFaceTokenizer open(TokenizerSource source, Map<String, String> options, Boolean lowerCase)
            throws IOException {
        Map<String, String> all = new java.util.HashMap<>(options);
        if (Boolean.TRUE.equals(lowerCase)) {
            // "und" is Locale.ROOT: DJL's "true" would lower-case with the machine's locale (Turkish dotless i).
            all.put("doLowerCase", "und");
        }
        CacheFolder.prepareDjl(); // before DJL unpacks its natives for the first time
        try (InputStream in = source.open()) {
            return HuggingFaceTokenizer.newInstance(in, all);
        }
    }

    /**
     * Tokenizes a text for the model, cut to the max length.
     *
     * <p>Straight through DJL's native layer: its {@code encode} also fetches the token strings, word ids,
     * character spans and masks of every row (nine native calls and ~60 strings a row) that infer never
     * reads. The ids are the very same (TextTokenizerTest compares them with DJL's own encode).
     */
    public Encoded encode(String text) {
        long encoding = TokenizersLibrary.LIB.encode(truncating.getHandle(), prepared(text), true);
        try {
            return new Encoded(TokenizersLibrary.LIB.getTokenIds(encoding), TokenizersLibrary.LIB.getTypeIds(encoding),
                    TokenizersLibrary.LIB.getOverflowCount(encoding) > 0);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /** Tokenizes as above through DJL's own {@code encode} (for tests that keep the shortcut honest). */
    Encoded encodeThroughDjl(String text) {
        Encoding e = truncating.encode(text, true, false);
        return new Encoded(e.getIds(), e.getTypeIds(), e.exceedMaxLength());
    }

    /**
     * Tokenizes a pair of texts as the model's tokenizer pairs them (its template: {@code [CLS] a [SEP] b [SEP]}
     * for BERT, type ids 1 on the second), cut to the max length longest side first, as {@code transformers}'
     * {@code truncation=True} does. Opt-in: for tasks that read two texts (cross-encoders, NLI).
     */
    public Encoded encodePair(String text, String pair) {
        Encoding e = truncating.encode(text, pair, true, false);
        return new Encoded(e.getIds(), e.getTypeIds(), e.exceedMaxLength());
    }

    /**
     * Tokenizes a text cut to the max length, with each token's character offsets into {@code text} (UTF-16
     * indexes; -1 for special tokens). Opt-in: for tasks that point into the text (entities).
     */
    public Encoded encodeWithOffsets(String text) {
        return withOffsets(truncating.encode(text, true, false), text);
    }

    /**
     * A text of any length as overlapping windows of at most the max length, each with character offsets into
     * {@code text}: the tokenizer's own overflow ({@code return_overflowing_tokens} with {@code stride}), so
     * consecutive windows share {@code stride} tokens. Opt-in: for long documents.
     *
     * @param stride tokens each window repeats from the one before (0 to maxLength - specials - 1)
     */
    public List<Encoded> windows(String text, int stride) {
        HuggingFaceTokenizer w = windowing(stride);
        Encoding e = w.encode(text, true, true);
        List<Encoded> out = new java.util.ArrayList<>();
        out.add(withOffsets(e, text));
        for (Encoding o : e.getOverflowing()) {
            out.add(withOffsets(o, text));
        }
        return out;
    }

    /** The encoding with its tokens' offsets as UTF-16 indexes into {@code text}. */
    private static Encoded withOffsets(Encoding e, String text) {
        ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
        long[] special = e.getSpecialTokenMask();
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        CodePoints points = new CodePoints(text);
        for (int i = 0; i < spans.length; i++) {
            boolean none = spans[i] == null || special[i] == 1;
            starts[i] = none ? -1 : points.utf16(spans[i].getStart());
            ends[i] = none ? -1 : points.utf16(spans[i].getEnd());
        }
        return new Encoded(e.getIds(), e.getTypeIds(), e.exceedMaxLength(), starts, ends, List.of());
    }

    /**
     * What DJL's own encode does to a text first, given infer's options: only its doLowerCase ("und" = ROOT);
     * the lean path below skips DJL's Java layer, so it does this itself (the opt-in paths go through DJL).
     */
    private String prepared(String text) {
        return Boolean.TRUE.equals(lowerCase) ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** A tokenizer that splits into windows with a stride; one per stride asked, opened on first use. */
    private HuggingFaceTokenizer windowing(int stride) {
        synchronized (countingLock) {
            if (closed) {
                throw new IllegalStateException("the tokenizer is closed");
            }
            return windowing.computeIfAbsent(stride, s -> {
                try {
                    return open(source, Map.of("padding", "false", "truncation", "true",
                            "maxLength", Integer.toString(maxLength), "modelMaxLength", Integer.toString(maxLength),
                            "stride", Integer.toString(s)), lowerCase);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot open the tokenizer again", e);
                }
            });
        }
    }

    /** Tokenizes a whole text, special tokens included, without truncation. */
    public Encoded encodeFull(String text) {
        Encoding e = counting().encode(text, true, false);
        return new Encoded(e.getIds(), e.getTypeIds(), e.getIds().length > maxLength);
    }

    /** One token of a text, as TEI's {@code /tokenize} lists it: offsets are UTF-8 bytes, none for special tokens. */
    public record Token(long id, String text, boolean special, Integer start, Integer stop) {
    }

    /** Every token of a whole text (never cut), with its place in the text. */
    public java.util.List<Token> tokens(String text, boolean addSpecialTokens) {
        Encoding e = counting().encode(text, addSpecialTokens, false);
        long[] ids = e.getIds();
        String[] strings = e.getTokens();
        long[] special = e.getSpecialTokenMask();
        ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
        Utf8Offsets bytes = new Utf8Offsets(text);
        CodePoints points = new CodePoints(text);
        java.util.List<Token> out = new java.util.ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            boolean isSpecial = special[i] == 1;
            if (isSpecial || spans[i] == null) {
                out.add(new Token(ids[i], strings[i], isSpecial, null, null));
            } else {
                int from = points.utf16(spans[i].getStart());
                int to = points.utf16(spans[i].getEnd());
                out.add(new Token(ids[i], text.substring(from, to), false, bytes.of(from), bytes.of(to)));
            }
        }
        return out;
    }

    /** The text of token ids, as the tokenizer's decoder writes it. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return truncating.decode(ids, skipSpecialTokens);
    }

    /**
     * The tokenizer reports offsets in code points (Rust's chars); Java and JavaScript index strings in UTF-16
     * units, which differ after any character outside the Basic Multilingual Plane (most emoji).
     */
    private static final class CodePoints {
        private final String text;
        /** UTF-16 index of each code point, or null when the text has no surrogates (the two agree). */
        private final int[] utf16;

        CodePoints(String text) {
            this.text = text;
            int n = text.codePointCount(0, text.length());
            if (n == text.length()) {
                utf16 = null;
            } else {
                utf16 = new int[n + 1];
                int at = 0;
                for (int cp = 0; cp < n; cp++) {
                    utf16[cp] = at;
                    at += Character.charCount(text.codePointAt(at));
                }
                utf16[n] = at;
            }
        }

        int utf16(int codePoint) {
            return utf16 == null ? codePoint : utf16[Math.min(codePoint, utf16.length - 1)];
        }
    }

    /** UTF-8 byte offsets of a string's char offsets (TEI reports byte offsets). */
    private static final class Utf8Offsets {
        private final String text;
        private int charAt;
        private int byteAt;

        Utf8Offsets(String text) {
            this.text = text;
        }

        /** Offsets are asked in rising order mostly; start over when one goes back. */
        int of(int chars) {
            if (chars < charAt) {
                charAt = 0;
                byteAt = 0;
            }
            while (charAt < chars) {
                int cp = text.codePointAt(charAt);
                byteAt += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                charAt += Character.charCount(cp);
            }
            return byteAt;
        }
    }

    /** A second instance without truncation counts the full length of long texts (infer tokenize). */
    private HuggingFaceTokenizer counting() {
        HuggingFaceTokenizer c = counting;
        if (c != null) {
            return c;
        }
        synchronized (countingLock) {
            if (closed) {
                throw new IllegalStateException("the tokenizer is closed");
            }
            if (counting == null) {
                try {
                    counting = open(source, Map.of("padding", "false", "truncation", "false"), lowerCase);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot open the tokenizer again", e);
                }
            }
            return counting;
        }
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        truncating.close();
        synchronized (countingLock) {
            closed = true;
            if (counting != null) {
                counting.close();
            }
            windowing.values().forEach(HuggingFaceTokenizer::close);
        }
    }

    /** Where a tokenizer.json comes from: a classpath resource or a file. */
    @FunctionalInterface
    public interface TokenizerSource {
        InputStream open() throws IOException;
    }
}
