package dev.infer.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared helpers of the benchmark harness: the embedded model, its tokenizer, the corpus. */
final class BenchModel {

    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    /** sentence-transformers' max_seq_length for all-MiniLM-L6-v2. */
    static final int MAX_LENGTH = 256;

    private BenchModel() {}

    /**
     * An embedded model as infer runs it by default: resources, max length, and the prefix infer puts in front
     * of every row (e5's "query: ", so the ceiling tokenizes exactly what infer feeds the model).
     */
    record Embedded(String name, String onnx, String tokenizer, int maxLength, String prefix) {
        static final Embedded MINILM = new Embedded("minilm", MODEL_RESOURCE, TOKENIZER_RESOURCE, MAX_LENGTH, "");
        static final Embedded E5_SMALL = new Embedded("e5-small", "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json",
                512, "query: ");

        /**
         * A model folder holding {@code model.onnx} and {@code tokenizer.json} (the fp32 twin of the embedded
         * model, laid out by {@code scripts/bench --goals}), max length 256, no prefix.
         */
        static Embedded folder(Path dir) {
            return new Embedded("folder " + dir.getFileName(), dir.resolve("model.onnx").toAbsolutePath().toString(),
                    dir.resolve("tokenizer.json").toAbsolutePath().toString(), MAX_LENGTH, "");
        }

        static Embedded of(String name) {
            return switch (name) {
                case "minilm" -> MINILM;
                case "e5-small" -> E5_SMALL;
                default -> throw new IllegalArgumentException("--model must be minilm or e5-small (got " + name + ")");
            };
        }
    }

    static byte[] modelBytes() throws IOException {
        return modelBytes(Embedded.MINILM);
    }

    static byte[] modelBytes(Embedded model) throws IOException {
        try (InputStream in = resource(model.onnx())) {
            return in.readAllBytes();
        }
    }

    /**
     * The tokenizer with padding off, truncation on, max length 256. The tokenizer.json in the jar
     * asks for truncation at 128 and fixed padding to 128; these options override it (DJL 0.38:
     * the option map of {@code newInstance(InputStream, Map)} takes the same keys as the builder's
     * {@code optPadding}/{@code optTruncation}/{@code optMaxLength}).
     */
    static HuggingFaceTokenizer tokenizer() throws IOException {
        return tokenizer(Embedded.MINILM);
    }

    static HuggingFaceTokenizer tokenizer(Embedded model) throws IOException {
        try (InputStream in = resource(model.tokenizer())) {
            return HuggingFaceTokenizer.newInstance(in, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(model.maxLength()),
                    "addSpecialTokens", "true"));
        }
    }

    /** A classpath resource, or a file when {@code name} is an absolute path ({@link Embedded#folder}). */
    private static InputStream resource(String name) throws IOException {
        if (Path.of(name).isAbsolute()) {
            return Files.newInputStream(Path.of(name));
        }
        InputStream in = BenchModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource not found: " + name
                    + " (are the dev.langchain4j:langchain4j-embeddings-* artifacts on the classpath?)");
        }
        return in;
    }

    /** One pre-tokenized row. */
    record Row(int index, long[] ids, long[] mask, long[] types) {
        int length() {
            return ids.length;
        }
    }

    static Row encode(HuggingFaceTokenizer tok, int index, String text) {
        Encoding e = tok.encode(text == null ? "" : text);
        return new Row(index, e.getIds(), e.getAttentionMask(), e.getTypeIds());
    }

    /** Reads the {@code text} column (or {@code column}) of a CSV with a header, at most {@code limit} rows. */
    static List<String> readTexts(Path csv, String column, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv, StandardCharsets.UTF_8)) {
            var records = reader.iterator();
            if (!records.hasNext()) {
                throw new IOException("no header in " + csv);
            }
            int col = records.next().getFields().indexOf(column);
            if (col < 0) {
                throw new IOException("no column '" + column + "' in " + csv);
            }
            while (records.hasNext() && (limit <= 0 || out.size() < limit)) {
                CsvRecord rec = records.next();
                out.add(col < rec.getFieldCount() ? rec.getField(col) : "");
            }
        }
        return out;
    }
}
