package dev.infer.task;

import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code classify}: a label and a score per row, zero-shot, few-shot or with a fine-tuned classifier. */
public final class ClassifyKind implements TaskKind {
    public static final OptionSpec<String> LABELS = OptionSpec.text("labels", "A,B,...",
            "Zero-shot labels, comma-separated (embedding models only). A label may bring its own"
                    + " descriptions instead of the template: 'positive=I love it|works great,negative=...'; a"
                    + " label's prototype is the average of its sentences. Default: " + ClassifyOptions.DEFAULT_LABELS
                    + ".").withShortNames("-l");
    public static final OptionSpec<String> LABELS_FILE = OptionSpec.text("labels-file", "FILE",
            "Zero-shot labels from a file: one 'label=description|description' (or a bare label) per"
                    + " line; a label may take several lines; # starts a comment. Commas are plain text here.");
    public static final OptionSpec<String> TEMPLATE = OptionSpec.text("template", "TEXT",
            "Zero-shot: turns a label into a sentence; {} is replaced by the label. Default: '"
                    + ZeroShotClassifyTask.DEFAULT_TEMPLATE + "'.");
    public static final OptionSpec<Double> TEMPERATURE = OptionSpec.number("temperature", "T",
            "Zero-shot: softmax temperature over the cosine similarities (lower = more confident"
                    + " scores). Default: " + ZeroShotClassifyTask.DEFAULT_TEMPERATURE + ".", TaskFactory::checkTemperature);
    public static final OptionSpec<String> LABEL_PREFIX = OptionSpec.text("label-prefix", "TEXT",
            "Zero-shot: put TEXT in front of every label sentence. Default: as for the rows.");
    public static final OptionSpec<String> EXAMPLES = OptionSpec.text("examples", "FILE",
            "Few-shot: fit a logistic-regression head on these labelled examples (CSV, TSV or JSONL"
                    + " with a text and a label column; at least 2 labels, 2 examples each) and label the rows with"
                    + " it. Prints the cross-validated accuracy.");
    public static final OptionSpec<String> EXAMPLE_TEXT_COLUMN = OptionSpec.text("example-text-column", "NAME",
            "The examples' text column. Default: " + ClassifyOptions.DEFAULT_EXAMPLE_TEXT + ".");
    public static final OptionSpec<String> EXAMPLE_LABEL_COLUMN = OptionSpec.text("example-label-column", "NAME",
            "The examples' label column. Default: " + ClassifyOptions.DEFAULT_EXAMPLE_LABEL + ".");
    public static final OptionSpec<String> SAVE_HEAD = OptionSpec.text("save-head", "FILE",
            "Write the head fitted on --examples to FILE (JSON: labels, weights, the model it was"
                    + " fitted on, the examples' fingerprint, cross-validated accuracy).");
    public static final OptionSpec<String> HEAD = OptionSpec.text("head", "FILE",
            "Few-shot with a head saved by --save-head, without refitting. It must have been fitted"
                    + " on the same model.");
    public static final OptionSpec<Integer> TOP_K = OptionSpec.atLeast("top-k", 1, "K",
            "Add 'top_k': the K best labels as a list of {label, score}, best first.");
    public static final OptionSpec<Boolean> ALL_SCORES = OptionSpec.flag("all-scores", "Add 'scores': every label's score.");
    public static final OptionSpec<Boolean> MULTI_LABEL = OptionSpec.flag("multi-label",
            "Fine-tuned classifiers: score every label on its own (sigmoid) and list those above"
                    + " --threshold in 'labels'. Default: as config.json's problem_type says.");
    public static final OptionSpec<Double> THRESHOLD = OptionSpec.number("threshold", "P",
            "Multi-label classifiers: a label applies when its score is above P. Default: "
                    + TaskFactory.DEFAULT_THRESHOLD + ".", TaskFactory::checkThreshold);

    public static final ClassifyKind INSTANCE = new ClassifyKind();

    private ClassifyKind() {
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "Adds a label and a score to every row.";
    }

    @Override
    public List<String> details() {
        return List.of(
                "With a fine-tuned classifier (--model DIR with a 'logits' output) the labels are the model's own"
                        + " (config.json id2label): 'score' is the softmax probability, or, for multi-label models,"
                        + " 'labels' lists every label whose sigmoid score is above --threshold.",
                "With an embedding model (like the default, e5-small) this is zero-shot classification: each label"
                        + " becomes a sentence through --template (or its own descriptions), and a row gets the label"
                        + " whose sentence is most similar; 'score' is a softmax over the similarities.",
                "With --examples FILE (or a saved --head) it is few-shot: a logistic-regression head fitted on a few"
                        + " labelled examples per label; 'score' is the head's probability.");
    }

    @Override
    public List<String> examples() {
        return List.of(
                "infer classify --in reviews.csv > labeled.csv",
                "infer classify --in tickets.jsonl --labels billing,bug,feature \\",
                "    --template 'This ticket is about {}.'",
                "infer classify --in tickets.csv --examples train.csv --save-head head.json",
                "infer classify --in tickets.csv --head head.json --top-k 2",
                "infer classify --in reviews.csv \\",
                "    --labels 'positive=I love it|works great,negative=I hate it|broke fast'",
                "infer classify --in reviews.csv --model ./sst2-onnx --top-k 2",
                "infer classify --in comments.jsonl --model ./toxicity-onnx --threshold 0.3");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(LABELS, LABELS_FILE, TEMPLATE, TEMPERATURE, CommonOptions.PREFIX, CommonOptions.PROMPT_NAME,
                LABEL_PREFIX, EXAMPLES, EXAMPLE_TEXT_COLUMN,
                EXAMPLE_LABEL_COLUMN, SAVE_HEAD, HEAD, TOP_K, ALL_SCORES, MULTI_LABEL, THRESHOLD);
    }

    @Override
    public boolean accepts(ModelInfo model) {
        return true;
    }

    /** The values as the classify task's record. */
    public static ClassifyOptions options(OptionValues v) {
        return new ClassifyOptions(v.get(LABELS), v.get(LABELS_FILE), v.get(TEMPLATE), v.get(TEMPERATURE),
                v.get(CommonOptions.PREFIX), v.get(LABEL_PREFIX), v.get(EXAMPLES), v.get(EXAMPLE_TEXT_COLUMN),
                v.get(EXAMPLE_LABEL_COLUMN), v.get(HEAD), v.get(SAVE_HEAD), v.get(TOP_K), v.isSet(ALL_SCORES),
                v.isSet(MULTI_LABEL), v.get(THRESHOLD));
    }

    @Override
    public Prepared prepare(OptionValues values, PrintStream notes) {
        String promptName = values.get(CommonOptions.PROMPT_NAME);
        Prompts.checkAlone(values.get(CommonOptions.PREFIX), promptName);
        EmbeddingClassifiers.Prepared prepared = TaskFactory.prepare(options(values), notes);
        return model -> TaskFactory.classify(model,
                prepared.withPrefix(Prompts.prefix(model.info(), prepared.options().prefix(), promptName)), notes);
    }
}
