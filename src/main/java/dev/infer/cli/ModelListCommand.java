package dev.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.infer.hub.CacheScan;
import dev.infer.hub.HubCache;
import dev.infer.hub.HubEnvironment;
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
                + " max length, languages, license, and which commands use each by default; then the hub models in"
                + " the Hugging Face cache that infer can run (--model ORG/NAME[@REV]): revision, commit, the ONNX"
                + " file a run loads, size on disk. Loads nothing, never uses the network.",
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
        CacheScan.Result cached = CacheScan.scan(HubCache.of(HubEnvironment.fromSystem()));
        List<Map<String, Object>> hub = new ArrayList<>();
        int other = 0;
        for (CacheScan.Repo repo : cached.repos()) {
            for (CacheScan.Revision r : repo.revisions()) {
                if (r.runnable()) {
                    hub.add(describe(repo, r));
                } else {
                    other++;
                }
            }
        }
        for (String skipped : cached.skipped()) {
            System.err.println("infer: not listed, unreadable: " + skipped);
        }
        PrintStream out = System.out;
        if (json) {
            rows.addAll(hub);
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
            out.println();
            hubTable(out, cached.root(), hub, other);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The cached hub models, one line per snapshot infer can run; a note for those it cannot. */
    private static void hubTable(PrintStream out, java.nio.file.Path root, List<Map<String, Object>> hub, int other) {
        String notRunnable = other == 0 ? "" : "; " + other + " other cached snapshot(s) have no ONNX weights or no"
                + " tokenizer.json";
        if (hub.isEmpty()) {
            out.println("Hugging Face cache " + root + ": no models infer can run (infer model pull ORG/NAME fetches"
                    + " one)" + notRunnable);
            return;
        }
        out.println("Hugging Face cache " + root + notRunnable + ":");
        int width = Math.max(28, hub.stream().mapToInt(r -> r.get("name").toString().length()).max().orElse(0));
        String format = "%-" + width + "s %-12s %-34s %8s%n";
        out.printf(format, "NAME", "COMMIT", "ONNX FILE", "SIZE");
        for (Map<String, Object> r : hub) {
            out.printf(format, r.get("name"), r.get("commit").toString().substring(0, 12),
                    r.get("onnx_file") == null ? "several: --model-file" : r.get("onnx_file"),
                    megabytes((Long) r.get("size_bytes")));
        }
    }

    /** A cached snapshot infer can run, by the name --model takes. */
    static Map<String, Object> describe(CacheScan.Repo repo, CacheScan.Revision r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", r.modelName(repo.repo()));
        f.put("source", "hub");
        f.put("repo", repo.repo());
        f.put("refs", List.copyOf(r.refs()));
        f.put("commit", r.commit());
        f.put("onnx_file", r.onnxFile());
        f.put("onnx_files", r.onnxFiles());
        f.put("size_bytes", r.size());
        f.put("snapshot", r.snapshot().toString());
        return f;
    }

    static Map<String, Object> describe(EmbeddedModel m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", m.name());
        f.put("source", "embedded");
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
