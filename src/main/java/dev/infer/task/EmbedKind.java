package dev.infer.task;

import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code embed}: a sentence vector per row. */
public final class EmbedKind implements TaskKind {
    public static final OptionSpec<Boolean> NO_NORMALIZE = OptionSpec.flag("no-normalize",
            "Keep the pooled vector's length (default: unit length).");
    public static final OptionSpec<Integer> DIMENSIONS = OptionSpec.atLeast("dimensions", 1, "N",
            "Keep the first N dimensions of each vector, re-normalized (for Matryoshka-trained models;"
                    + " as OpenAI's and TEI's 'dimensions'). Default: all.");

    public static final EmbedKind INSTANCE = new EmbedKind();

    private EmbedKind() {
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "Adds a sentence embedding to every row, in field 'embedding' (a JSON array of floats).";
    }

    @Override
    public List<String> details() {
        return List.of("Pooling as the model folder's sentence-transformers config says (mean for the default model),"
                + " over the real tokens only, then L2 normalization. A folder whose ONNX file outputs"
                + " 'sentence_embedding' is used as is (still L2-normalized unless --no-normalize).");
    }

    @Override
    public List<String> examples() {
        return List.of("infer embed --in docs.jsonl --out vectors.jsonl");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(CommonOptions.POOLING, NO_NORMALIZE, CommonOptions.PREFIX, CommonOptions.PROMPT_NAME, DIMENSIONS);
    }

    @Override
    public boolean accepts(ModelInfo model) {
        return !model.isClassifier();
    }

    /** The values as the embed task's record. */
    public static EmbedOptions options(OptionValues v) {
        return new EmbedOptions(v.get(CommonOptions.POOLING), !v.isSet(NO_NORMALIZE), v.get(CommonOptions.PREFIX),
                v.get(DIMENSIONS));
    }

    @Override
    public Prepared prepare(OptionValues values, PrintStream notes) {
        EmbedOptions o = options(values);
        String promptName = values.get(CommonOptions.PROMPT_NAME);
        Prompts.checkAlone(o.prefix(), promptName);
        return model -> TaskFactory.embed(model, new EmbedOptions(o.pooling(), o.normalize(),
                Prompts.prefix(model.info(), o.prefix(), promptName), o.dimensions()));
    }
}
