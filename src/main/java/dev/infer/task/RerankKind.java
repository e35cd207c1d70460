package dev.infer.task;

import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code rerank}: how well each row's passage answers a query, scored by a cross-encoder. */
public final class RerankKind implements TaskKind {
    public static final OptionSpec<String> QUERY = OptionSpec.text("query", "TEXT",
            "The query every row's passage (its text column) is scored against. Required.");
    public static final OptionSpec<Boolean> RAW_SCORES = OptionSpec.flag("raw-scores",
            "Write the model's logit as 'score' instead of its probability (for two-label models, the"
                    + " second label's logit).");

    public static final RerankKind INSTANCE = new RerankKind();

    private RerankKind() {
    }

    @Override
    public String name() {
        return "rerank";
    }

    @Override
    public String summary() {
        return "Adds a relevance score to every row: how well its text answers --query, read by a cross-encoder.";
    }

    @Override
    public List<String> details() {
        return List.of("Needs a cross-encoder (--model DIR: a sequence-classification model with one or two labels,"
                + " such as ms-marco-MiniLM exported to ONNX). The query and the row's text are tokenized as a pair"
                + " (the model's template; a pair over the max length is cut longest side first). 'score' is the"
                + " sigmoid of a single logit, or the softmax probability of the second label for two, as"
                + " sentence-transformers' CrossEncoder scores; --raw-scores writes the logit. A row with an empty"
                + " text is a failed row.");
    }

    @Override
    public List<String> examples() {
        return List.of("infer rerank --model ./ms-marco-onnx --query 'how do I reset my password' \\",
                "    --in passages.csv > scored.csv");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(QUERY, RAW_SCORES);
    }

    /** Sequence classifiers with one or two labels: a relevance logit, or not-relevant / relevant. */
    @Override
    public boolean accepts(ModelInfo model) {
        int labels = model.labels().names().size();
        return model.isClassifier() && (labels == 1 || labels == 2);
    }

    @Override
    public Prepared prepare(OptionValues values, PrintStream notes) {
        String query = values.get(QUERY);
        if (query == null || query.isBlank()) {
            throw new OptionException(QUERY.key(), "{} is required: the text every row is scored against");
        }
        boolean raw = values.isSet(RAW_SCORES);
        return model -> {
            if (!accepts(model.info())) {
                throw new dev.infer.model.ModelException("rerank needs a cross-encoder (a sequence-classification"
                        + " model with one or two labels), but " + model.info().name() + " is "
                        + (model.info().isClassifier() ? "a classifier with " + model.info().labels().names().size()
                        + " labels" : "an embedding model") + "; give one with {{model}} DIR");
            }
            return new RerankTask(model, query, raw);
        };
    }
}
