package dev.infer.hub;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which ONNX file {@code infer model pull} fetches when a repository holds several (documented in
 * docs/models.md): the portable int8 file ({@code model_quantized.onnx}, {@code model_int8.onnx},
 * {@code model_qint8.onnx}, {@code model_uint8.onnx}) when there is one, else fp32 ({@code model.onnx});
 * within a rank, files under {@code onnx/} before top-level ones. CPU-specific int8 files
 * ({@code _avx2}, {@code _avx512}, {@code _arm64} …) and fp16/q4/bnb4 variants are never picked by the rule:
 * they are named as alternatives, for {@code --file}.
 */
public final class OnnxChoiceRule {
    private static final List<String> INT8 = List.of("model_quantized.onnx", "model_int8.onnx", "model_qint8.onnx",
            "model_uint8.onnx");
    private static final String FP32 = "model.onnx";
    /** The rule in one phrase, for {@code model inspect}'s reason. */
    public static final String RULE = "the hub rule: a portable int8 file, else fp32 model.onnx; onnx/ first";

    private OnnxChoiceRule() {
    }

    /** The chosen file, or {@code null} when none of the rule's names is present. */
    public static RepoFile choose(List<RepoFile> onnx) {
        return onnx.stream().filter(f -> rank(f) < Integer.MAX_VALUE).min(Comparator.comparingInt(OnnxChoiceRule::rank)
                .thenComparing(f -> f.path().startsWith("onnx/") ? 0 : 1).thenComparing(RepoFile::path)).orElse(null);
    }

    private static int rank(RepoFile f) {
        String name = f.path().substring(f.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int i = INT8.indexOf(name);
        return i >= 0 ? i : name.equals(FP32) ? INT8.size() : Integer.MAX_VALUE;
    }

    /** An ONNX file's external-data companion ({@code model.onnx_data} or {@code model.onnx.data}), if listed. */
    public static List<RepoFile> externalData(RepoListing listing, RepoFile onnx) {
        return listing.files().stream().filter(f -> f.path().equals(onnx.path() + "_data")
                || f.path().equals(onnx.path() + ".data")).toList();
    }
}
