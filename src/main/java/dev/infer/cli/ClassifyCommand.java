package dev.infer.cli;

import dev.infer.task.ClassifyOptions;
import dev.infer.task.EmbeddingClassifiers;
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
            "With an embedding model (like the default, e5-small) this is zero-shot classification: each label"
                    + " becomes a sentence through --template (or its own descriptions), and a row gets the label"
                    + " whose sentence is most similar; 'score' is a softmax over the similarities.",
            "With --examples FILE (or a saved --head) it is few-shot: a logistic-regression head fitted on a few"
                    + " labelled examples per label; 'score' is the head's probability."
        },
        footer = {"", "Examples:",
            "  infer classify --in reviews.csv > labeled.csv",
            "  infer classify --in tickets.jsonl --labels billing,bug,feature \\",
            "      --template 'This ticket is about {}.'",
            "  infer classify --in tickets.csv --examples train.csv --save-head head.json",
            "  infer classify --in tickets.csv --head head.json --top-k 2",
            "  infer classify --in reviews.csv \\",
            "      --labels 'positive=I love it|works great,negative=I hate it|broke fast'",
            "  infer classify --in reviews.csv --model ./sst2-onnx --top-k 2",
            "  infer classify --in comments.jsonl --model ./toxicity-onnx --threshold 0.3"})
final class ClassifyCommand implements Callable<Integer> {
    static final String DEFAULT_LABELS = ClassifyOptions.DEFAULT_LABELS;
    static final double DEFAULT_THRESHOLD = TaskFactory.DEFAULT_THRESHOLD;

    @Spec CommandSpec spec;
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = {"-l", "--labels"}, paramLabel = "A,B,...",
            description = "Zero-shot labels, comma-separated (embedding models only). A label may bring its own"
                    + " descriptions instead of the template: 'positive=I love it|works great,negative=...'; a"
                    + " label's prototype is the average of its sentences. Default: " + DEFAULT_LABELS + ".")
    String labels;

    @Option(names = "--labels-file", paramLabel = "FILE",
            description = "Zero-shot labels from a file: one 'label=description|description' (or a bare label) per"
                    + " line; a label may take several lines; # starts a comment. Commas are plain text here.")
    String labelsFile;

    @Option(names = "--template", paramLabel = "TEXT",
            description = "Zero-shot: turns a label into a sentence; {} is replaced by the label. Default: '"
                    + ZeroShotClassifyTask.DEFAULT_TEMPLATE + "'.")
    String template;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Zero-shot: softmax temperature over the cosine similarities (lower = more confident"
                    + " scores). Default: " + ZeroShotClassifyTask.DEFAULT_TEMPERATURE + ".")
    Double temperature;

    @Option(names = "--prefix", paramLabel = "TEXT",
            description = "Put TEXT in front of every row (and every --examples text) before embedding. Default:"
                    + " the model card's default prompt (e5-small: 'query: '; minilm and models whose card names none:"
                    + " none). '' for none.")
    String prefix;

    @Mixin PromptOption prompt;

    @Option(names = "--label-prefix", paramLabel = "TEXT",
            description = "Zero-shot: put TEXT in front of every label sentence. Default: as for the rows.")
    String labelPrefix;

    @Option(names = "--examples", paramLabel = "FILE",
            description = "Few-shot: fit a logistic-regression head on these labelled examples (CSV, TSV or JSONL"
                    + " with a text and a label column; at least 2 labels, 2 examples each) and label the rows with"
                    + " it. Prints the cross-validated accuracy.")
    String examples;

    @Option(names = "--example-text-column", paramLabel = "NAME",
            description = "The examples' text column. Default: " + ClassifyOptions.DEFAULT_EXAMPLE_TEXT + ".")
    String exampleTextColumn;

    @Option(names = "--example-label-column", paramLabel = "NAME",
            description = "The examples' label column. Default: " + ClassifyOptions.DEFAULT_EXAMPLE_LABEL
                    + ".")
    String exampleLabelColumn;

    @Option(names = "--save-head", paramLabel = "FILE",
            description = "Write the head fitted on --examples to FILE (JSON: labels, weights, the model it was"
                    + " fitted on, the examples' fingerprint, cross-validated accuracy).")
    String saveHead;

    @Option(names = "--head", paramLabel = "FILE",
            description = "Few-shot with a head saved by --save-head, without refitting. It must have been fitted"
                    + " on the same model.")
    String head;

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
        ClassifyOptions options = new ClassifyOptions(labels, labelsFile, template, temperature, prefix, labelPrefix,
                examples, exampleTextColumn, exampleLabelColumn, head, saveHead, topK, allScores, multiLabel, threshold);
        // values and files are checked before a model loads: a bad examples file fails in milliseconds
        java.io.PrintStream notes = settings.quiet ? null : System.err;
        prompt.checkAlone(prefix);
        EmbeddingClassifiers.Prepared prepared = TaskFactory.prepare(options, notes);
        return new JobRunner(spec, input, output, model, settings, spec.commandLine().getErr())
                .run(m -> TaskFactory.classify(m, prepared.withPrefix(prompt.prefix(m.info(), prefix)), notes));
    }
}
