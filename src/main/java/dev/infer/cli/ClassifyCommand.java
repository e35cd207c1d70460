package dev.infer.cli;

import dev.infer.task.ClassifyOptions;
import dev.infer.task.TaskFactory;
import dev.infer.task.ZeroShotClassifyTask;
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
    static final double DEFAULT_THRESHOLD = TaskFactory.DEFAULT_THRESHOLD;

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
        ClassifyOptions options = options();
        return new JobRunner(spec, input, output, model, settings, spec.commandLine().getErr())
                .run(m -> TaskFactory.classify(m, options));
    }

    /** The flags as the engine's option record (checked by the factory once the model is known). */
    ClassifyOptions options() {
        ClassifyOptions o = new ClassifyOptions(labels != null ? TaskFactory.parseLabels(labels) : null, template,
                temperature, topK, allScores, multiLabel, threshold);
        TaskFactory.validate(o); // wrong values fail in milliseconds, before a model loads
        return o;
    }
}
