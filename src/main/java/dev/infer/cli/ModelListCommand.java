package dev.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.infer.model.EmbeddedModel;
import dev.infer.model.EmbeddedModels;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the models embedded in infer (use them with --model NAME): size, vector dimension,"
                + " max length, languages, license, and which commands use each by default. Loads nothing.",
        footer = {"", "Examples:", "  infer model list", "  infer model list --json"})
final class ModelListCommand implements Callable<Integer> {
    private static final List<String> COMMANDS = List.of("classify", "embed", "tokenize");

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EmbeddedModel m : EmbeddedModels.all()) {
            rows.add(describe(m));
        }
        PrintStream out = System.out;
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            String format = "%-9s %-46s %8s %4s %7s %-8s %-10s %s%n";
            out.printf(format, "NAME", "MODEL", "SIZE", "DIM", "MAX LEN", "LANGUAGE", "LICENSE", "DEFAULT FOR");
            for (Map<String, Object> r : rows) {
                @SuppressWarnings("unchecked")
                List<String> def = (List<String>) r.get("default_for");
                @SuppressWarnings("unchecked")
                List<String> languages = (List<String>) r.get("languages");
                out.printf(format, r.get("name"), r.get("model"), megabytes((Long) r.get("size_bytes")),
                        r.get("dimension"), r.get("max_length"), String.join(", ", languages), r.get("license"),
                        def.isEmpty() ? "-" : String.join(", ", def));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Map<String, Object> describe(EmbeddedModel m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", m.name());
        f.put("model", m.title() + " (int8)");
        f.put("size_bytes", m.onnxBytes());
        f.put("dimension", m.dimension());
        f.put("max_length", m.maxLength());
        f.put("languages", List.of(m.languages().split(",\\s*"))); // a list, as its name says
        f.put("license", m.license());
        f.put("default_for", COMMANDS.stream().filter(c -> EmbeddedModels.defaultFor(c) == m).toList());
        f.put("prefix", m.prefixes().embed());
        f.put("artifact", m.artifact());
        return f;
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
