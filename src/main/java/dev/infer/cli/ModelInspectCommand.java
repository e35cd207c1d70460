package dev.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.infer.model.Model;
import dev.infer.model.ModelInfo;
import dev.infer.model.ModelLoader;
import dev.infer.model.SessionSettings;
import dev.infer.model.TensorSpec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows what infer understood about a model: ONNX file, inputs and outputs, task, labels,"
                + " max length, pooling, batch sensitivity.",
        footer = {"", "Examples:", "  infer model inspect", "  infer model inspect ./my-model --json"})
final class ModelInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ModelLoader.DEFAULT,
            description = "'default' or a model folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-file", paramLabel = "NAME", description = "ONNX file to use inside the folder.")
    String modelFile;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Model m = ModelLoader.load(model, modelFile, new SessionSettings(1, false))) {
            Map<String, Object> facts = describe(m);
            PrintStream out = System.out;
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(facts));
            } else {
                facts.forEach((k, v) -> out.printf("%-16s %s%n", k + ":", text(v)));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    static Map<String, Object> describe(Model m) {
        ModelInfo info = m.info();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", info.name());
        f.put("onnx_file", info.onnxFile());
        f.put("inputs", specs(m.session().inputs().values().stream().toList()));
        f.put("outputs", specs(m.session().outputs().values().stream().toList()));
        f.put("output_used", info.output());
        f.put("tasks", info.outputKind().isEmbedding()
                ? List.of("embed", "classify (zero-shot)", "tokenize")
                : List.of("classify", "tokenize"));
        if (!info.labels().isEmpty()) {
            f.put("labels", info.labels());
            f.put("multi_label", info.multiLabel());
        }
        f.put("max_length", info.maxLength());
        if (info.outputKind().isEmbedding()) {
            f.put("pooling", info.pooling().label());
        }
        f.put("batch_sensitive", info.batchSensitive());
        f.put("default_batch_size", info.batchSensitive() ? 1 : JobRunner.DEFAULT_BATCH_ROWS);
        return f;
    }

    private static List<String> specs(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::toString).toList();
    }

    private static String text(Object v) {
        if (v instanceof List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
