package dev.infer.cli;

import dev.infer.model.ClassLabels;
import dev.infer.model.Model;
import dev.infer.model.ModelInfo;
import dev.infer.task.ClassifyTask;
import dev.infer.task.Embedder;
import dev.infer.task.Task;
import dev.infer.task.ZeroShotClassifyTask;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Adds a label and a score to every row.",
            "With a fine-tuned classifier (--model DIR with a 'logits' output) the labels are the model's own"
                    + " (config.json id2label): 'score' is the softmax probability, or, for multi-label models,"
                    + " 'labels' lists every label whose sigmoid score is above --threshold.",
            "With an embedding model (like the default) this is zero-shot classification: each label becomes"
                    + " a sentence through --template, and a row gets the label whose sentence is most similar;"
                    + " 'score' is a softmax over the similarities."
        },
        footer = {"", "Examples:",
            "  infer classify --in reviews.csv > labeled.csv",
            "  infer classify --in tickets.jsonl --labels billing,bug,feature --template 'This ticket is about {}.'",
            "  infer classify --in reviews.csv --model ./sst2-onnx --top-k 2",
            "  infer classify --in comments.jsonl --model ./toxicity-onnx --threshold 0.3"})
final class ClassifyCommand implements Callable<Integer> {
    static final String DEFAULT_LABELS = "positive,negative";
    static final double DEFAULT_THRESHOLD = 0.5;

    @Spec CommandSpec spec;
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = {"-l", "--labels"}, paramLabel = "A,B,...",
            description = "Zero-shot labels, comma-separated (embedding models only). Default: " + DEFAULT_LABELS + ".")
    String labels;

    @Option(names = "--template", paramLabel = "TEXT",
            description = "Zero-shot: turns a label into a sentence; {} is replaced by the label. Default: '"
                    + ZeroShotClassifyTask.DEFAULT_TEMPLATE + "'.")
    String template;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Zero-shot: softmax temperature over the cosine similarities (lower = more confident"
                    + " scores). Default: " + ZeroShotClassifyTask.DEFAULT_TEMPERATURE + ".")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Add 'top_k': the K best labels as a list of {label, score}, best first.")
    Integer topK;

    @Option(names = "--all-scores", description = "Add 'scores': every label's score.")
    boolean allScores;

    @Option(names = "--multi-label",
            description = "Fine-tuned classifiers: score every label on its own (sigmoid) and list those above"
                    + " --threshold in 'labels'. Default: as config.json's problem_type says.")
    boolean multiLabel;

    @Option(names = "--threshold", paramLabel = "P",
            description = "Multi-label classifiers: a label applies when its score is above P. Default: "
                    + DEFAULT_THRESHOLD + ".")
    Double threshold;

    @Mixin RunSettings settings;

    @Override
    public Integer call() throws Exception {
        if (labels != null) {
            parseLabels(labels);
        }
        if (temperature != null && !(temperature > 0)) {
            throw new UsageException("--temperature must be greater than 0 (got " + temperature + ")");
        }
        if (topK != null && topK < 1) {
            throw new UsageException("--top-k must be at least 1 (got " + topK + ")");
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new UsageException("--threshold must be between 0 and 1 (got " + threshold + ")");
        }
        return new JobRunner(spec, input, output, model, settings, System.err).run(this::task);
    }

    private Task task(Model m) throws Exception {
        return m.info().isClassifier() ? fineTuned(m) : zeroShot(m);
    }

    private Task fineTuned(Model m) {
        ModelInfo info = m.info();
        String which = info.name() + " is a fine-tuned classifier with its own labels ("
                + info.labels().summary() + ")";
        if (labels != null) {
            throw new UsageException("--labels is for zero-shot classification with an embedding model, but " + which
                    + "; leave --labels out");
        }
        if (template != null || temperature != null) {
            throw new UsageException((template != null ? "--template" : "--temperature")
                    + " is for zero-shot classification with an embedding model, but " + which);
        }
        ClassLabels classes = multiLabel ? info.labels().asMultiLabel() : info.labels();
        if (threshold != null && !classes.multiLabel()) {
            throw new UsageException("--threshold applies to multi-label classification, but " + info.name()
                    + " is single-label (add --multi-label to score its labels independently)");
        }
        return new ClassifyTask(m, classes, threshold != null ? threshold : DEFAULT_THRESHOLD,
                topK != null ? topK : 0, allScores);
    }

    private Task zeroShot(Model m) throws Exception {
        if (multiLabel || threshold != null) {
            throw new UsageException((multiLabel ? "--multi-label" : "--threshold") + " is for fine-tuned"
                    + " classifiers, but " + m.info().name() + " is an embedding model (zero-shot classification"
                    + " with --labels)");
        }
        return ZeroShotClassifyTask.create(Embedder.forModel(m, null, true),
                parseLabels(labels != null ? labels : DEFAULT_LABELS),
                template != null ? template : ZeroShotClassifyTask.DEFAULT_TEMPLATE,
                temperature != null ? temperature : ZeroShotClassifyTask.DEFAULT_TEMPERATURE,
                topK != null ? topK : 0, allScores);
    }

    static List<String> parseLabels(String value) {
        List<String> list = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.size() < 2) {
            throw new UsageException("--labels needs at least two comma-separated labels (got '" + value + "')");
        }
        if (list.stream().distinct().count() != list.size()) {
            throw new UsageException("--labels has a label twice: '" + value + "'");
        }
        return list;
    }
}
