package dev.infer.cli;

import dev.infer.model.Model;
import dev.infer.task.Embedder;
import dev.infer.task.Task;
import dev.infer.task.ZeroShotClassifyTask;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Adds a label and a score to every row.",
            "With an embedding model (like the default) this is zero-shot classification: each label becomes"
                    + " a sentence through --template, and a row gets the label whose sentence is most similar;"
                    + " 'score' is a softmax over the similarities."
        },
        footer = {"", "Examples:",
            "  infer classify --in reviews.csv > labeled.csv",
            "  infer classify --in tickets.jsonl --labels billing,bug,feature --template 'This ticket is about {}.'"})
final class ClassifyCommand implements Callable<Integer> {
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = {"-l", "--labels"}, paramLabel = "A,B,...",
            description = "Zero-shot labels, comma-separated. Default: positive,negative.")
    String labels;

    @Option(names = "--template", paramLabel = "TEXT", defaultValue = ZeroShotClassifyTask.DEFAULT_TEMPLATE,
            description = "Turns a label into a sentence; {} is replaced by the label. Default: '${DEFAULT-VALUE}'.")
    String template;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.05",
            description = "Softmax temperature over the cosine similarities (lower = more confident scores)."
                    + " Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--all-scores", description = "Add 'scores': every label's score.")
    boolean allScores;

    @Mixin RunSettings settings;

    @Override
    public Integer call() throws Exception {
        List<String> labelList = parseLabels(labels == null ? "positive,negative" : labels);
        if (!(temperature > 0)) {
            throw new UsageException("--temperature must be greater than 0 (got " + temperature + ")");
        }
        return new JobRunner("classify", input, output, model, settings, System.err).run(this::task);
    }

    private Task task(Model m) throws Exception {
        return ZeroShotClassifyTask.create(new Embedder(m, m.info().pooling(), true), parseLabels(
                labels == null ? "positive,negative" : labels), template, temperature, allScores);
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
