package dev.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.infer.model.EmbeddedModels;
import dev.infer.model.FileInFolder;
import dev.infer.model.Model;
import dev.infer.model.ModelDetails;
import dev.infer.model.ModelInfo;
import dev.infer.model.ModelLoader;
import dev.infer.model.OutputKind;
import dev.infer.model.SessionSettings;
import dev.infer.model.TensorSpec;
import dev.infer.model.TokenizerFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows what infer understood about a model: ONNX file (and the other candidates), inputs and"
                + " outputs, task, labels, max length and where it came from, pooling, tokenizer, file sizes,"
                + " batch sensitivity.",
        footer = {"", "Examples:", "  infer model inspect", "  infer model inspect e5-small", "  infer model inspect ./my-model --json",
            "  infer model inspect ./my-model --model-file onnx/model.onnx", "  infer model inspect Xenova/all-MiniLM-L6-v2"})
final class ModelInspectCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|DIR", defaultValue = ModelLoader.DEFAULT,
            description = "An embedded model (minilm, e5-small; 'default' is minilm), a model folder, or a hub model"
                    + " in the Hugging Face cache (ORG/NAME[@REV]). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-file", paramLabel = "NAME", description = "ONNX file to use inside the folder.")
    String modelFile;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** Not an option here (the model is the argument): taken only to say so. */
    @Option(names = {"-m", "--model"}, hidden = true, paramLabel = "NAME")
    String modelOption;

    @Override
    public Integer call() throws Exception {
        if (modelOption != null) {
            throw new UsageException("model inspect takes the model as its argument: infer model inspect " + modelOption
                    + (modelFile != null ? " --model-file " + modelFile : ""));
        }
        if (Files.isRegularFile(Path.of(model))) {
            FileInFolder f = FileInFolder.of(Path.of(model));
            throw new UsageException("'" + model + "' is a file, not a model folder; use infer model inspect "
                    + f.folder() + " --model-file " + f.file());
        }
        if (modelFile != null && EmbeddedModels.find(EmbeddedModels.resolve(model, "inspect")).isPresent()) {
            throw new UsageException("--model-file picks a file inside a model folder; name the folder too:"
                    + " infer model inspect DIR --model-file " + modelFile);
        }
        try (Model m = ModelLoader.load(dev.infer.model.ModelRef.parse(model, modelFile, null), new SessionSettings(1, false), null)) {
            Map<String, Object> facts = describe(m);
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(facts));
            } else {
                facts.remove("onnx_files"); // the text form lists them with their sizes
                facts.forEach((k, v) -> out.printf("%-20s %s%n", k + ":", text(k, v)));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** The facts, as JSON-ready values in display order. */
    static Map<String, Object> describe(Model m) {
        ModelInfo info = m.info();
        ModelDetails d = info.details();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", info.name());
        if (info.hub() != null) {
            Map<String, Object> hub = new LinkedHashMap<>();
            hub.put("repo", info.hub().repo());
            hub.put("revision", info.hub().revision());
            hub.put("commit", info.hub().commit());
            hub.put("snapshot", info.hub().dir().toString());
            f.put("hub", hub);
        }
        f.put("onnx_file", info.onnxFile());
        f.put("onnx_file_reason", d.onnxReason());
        f.put("onnx_files", d.onnxCandidates());
        f.put("onnx_file_sizes", onnxSizes(info));
        f.put("inputs", specs(m.session().inputs().values()));
        f.put("outputs", specs(m.session().outputs().values()));
        f.put("output_used", info.output());
        f.put("task", info.isClassifier() ? "classification" : "embedding");
        f.put("commands", info.isClassifier()
                ? List.of("classify", "tokenize")
                : List.of("embed", "classify (zero-shot, few-shot)", "tokenize"));
        if (info.isClassifier()) {
            f.put("labels", info.labels().names());
            f.put("scoring", info.labels().scoring().label());
            f.put("multi_label", info.labels().multiLabel());
            if (d.problemType() != null) {
                f.put("problem_type", d.problemType());
            }
        } else {
            f.put("pooling", info.outputKind() == OutputKind.SENTENCE_EMBEDDING
                    ? "none (" + info.output() + " is used as is)"
                    : info.pooling().pooling() == null ? null : info.pooling().pooling().label());
            f.put("pooling_source", info.pooling().source());
            if (info.pooling().problem() != null) {
                f.put("pooling_problem", info.pooling().problem());
            }
            // What embed and classify put in front of every text unless --prefix or --prompt-name says otherwise.
            f.put("prefix", EmbeddedModels.prefixesOf(info).embed());
            f.put("prompts", info.card().prompts());
            f.put("default_prompt", info.card().defaultPromptName());
            f.put("prompts_source", info.card().source());
        }
        f.put("max_length", info.maxLength());
        f.put("max_length_source", d.maxLengthSource());
        f.put("tokenizer", tokenizer(d.tokenizer()));
        f.put("files", d.fileSizes());
        f.put("batch_sensitive", info.batchSensitive());
        f.put("default_batch_size", info.batchSensitive() ? 1 : dev.infer.task.TaskFactory.DEFAULT_BATCH_ROWS);
        return f;
    }

    /** Bytes of every ONNX candidate (-1 when it cannot be read), in candidate order. */
    private static Map<String, Long> onnxSizes(ModelInfo info) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        Path dir = info.folder();
        for (String c : info.details().onnxCandidates()) {
            long bytes = -1;
            try {
                bytes = dir == null ? -1 : Files.size(dir.resolve(c));
            } catch (java.io.IOException e) {
                // shown as unknown
            }
            sizes.put(c, bytes);
        }
        if (dir == null) {
            sizes.put(info.onnxFile(), info.details().fileSizes().values().stream().findFirst().orElse(-1L));
        }
        return sizes;
    }

    private static List<Map<String, Object>> specs(Iterable<TensorSpec> specs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TensorSpec s : specs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("type", s.type());
            m.put("shape", s.shape()); // -1 for a dynamic dimension
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> tokenizer(TokenizerFacts t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.type());
        m.put("vocab_size", t.vocabSize());
        m.put("lower_case", t.lowerCase());
        m.put("special_tokens", t.specialTokens());
        return m;
    }

    /** One line of the text form. */
    @SuppressWarnings("unchecked")
    private static String text(String key, Object v) {
        return switch (key) {
            case "inputs", "outputs" -> String.join(", ", ((List<Map<String, Object>>) v).stream()
                    .map(s -> s.get("name") + " " + s.get("type") + shape((long[]) s.get("shape"))).toList());
            case "tokenizer" -> {
                Map<String, Object> t = (Map<String, Object>) v;
                yield t.get("type") + ", " + t.get("vocab_size") + " token ids, "
                        + (Boolean.TRUE.equals(t.get("lower_case")) ? "lower-cases" : "keeps case")
                        + ", special tokens " + String.join(" ", (List<String>) t.get("special_tokens"));
            }
            case "prefix" -> String.valueOf(v).isEmpty() ? "none" : "'" + v + "'";
            case "prompts" -> ((Map<String, String>) v).isEmpty() ? "none" : String.join(", ",
                    ((Map<String, String>) v).entrySet().stream().map(e -> e.getKey() + " '" + e.getValue() + "'").toList());
            case "default_prompt" -> v == null ? "none" : String.valueOf(v);
            case "hub" -> {
                Map<String, Object> h = (Map<String, Object>) v;
                yield h.get("repo") + " at " + h.get("revision") + " = commit " + h.get("commit") + ", in "
                        + h.get("snapshot");
            }
            case "onnx_file_sizes" -> String.join(", ", ((Map<String, Long>) v).entrySet().stream()
                    .map(e -> e.getKey() + " " + (e.getValue() < 0 ? "?" : size(e.getValue()))).toList());
            case "files" -> String.join(", ", ((Map<String, Long>) v).entrySet().stream()
                    .map(e -> e.getKey() + " " + size(e.getValue())).toList());
            default -> v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : String.valueOf(v);
        };
    }

    private static String shape(long[] dims) {
        List<String> parts = new ArrayList<>();
        for (long d : dims) {
            parts.add(d < 0 ? "?" : Long.toString(d));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
