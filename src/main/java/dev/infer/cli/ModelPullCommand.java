package dev.infer.cli;

import dev.infer.hub.HubEnvironment;
import dev.infer.hub.HubPull;
import dev.infer.hub.OnnxChoiceRule;
import dev.infer.hub.RepoFile;
import dev.infer.hub.RepoListing;
import dev.infer.model.ModelRef;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Downloads a Hugging Face model's ONNX weights, tokenizer and configs into the Hugging Face"
                + " cache (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub), in huggingface_hub's"
                + " layout; runs then take --model ORG/NAME offline. The only command that uses the network.",
        footer = {"", "Examples:", "  infer model pull Xenova/all-MiniLM-L6-v2",
            "  infer model pull --list intfloat/e5-small-v2",
            "  infer model pull BAAI/bge-small-en-v1.5@main --file onnx/model.onnx"})
final class ModelPullCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORG/NAME[@REV]", description = "A model repository on the hub.")
    String model;

    @Option(names = "--file", paramLabel = "PATH", description = "The ONNX file to fetch (see --list). Default: a"
            + " portable int8 file (model_quantized.onnx, model_int8.onnx, model_qint8.onnx, model_uint8.onnx)"
            + " when there is one, else model.onnx; onnx/ before the top level.")
    String file;

    @Option(names = "--list", description = "List the repository's ONNX files with their sizes; download nothing.")
    boolean list;

    @Override
    public Integer call() {
        if (!(ModelRef.parse(model, null, null) instanceof ModelRef.Hub ref)) {
            throw new UsageException(model + " is not a hub model name (ORG/NAME or ORG/NAME@REVISION)");
        }
        HubPull pull = new HubPull(HubEnvironment.fromSystem());
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            RepoListing listing = pull.list(ref.repo(), ref.revision());
            HubPull.requireOnnx(listing);
            RepoFile chosen = OnnxChoiceRule.choose(listing.onnxFiles());
            for (RepoFile f : listing.onnxFiles()) {
                out.printf("%-48s %10s%s%n", f.path(), size(f.size()), f == chosen ? "  (default)" : "");
            }
            out.flush();
            return ExitCodes.OK;
        }
        boolean tty = System.console() != null;
        HubPull.Result r = pull.pull(ref.repo(), ref.revision(), file, tty ? new Bar() : (p, d, t) -> { });
        if (tty) {
            System.err.println();
        }
        out.println(ref.display() + " @ " + r.commit() + ": " + r.onnx() + " in " + r.snapshot());
        if (!r.alternatives().isEmpty()) {
            out.println("other ONNX files (--file PATH): " + String.join(", ", r.alternatives()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One line on standard error, redrawn; only on a terminal. */
    private static final class Bar implements HubPull.Progress {
        private final long started = System.nanoTime();

        @Override
        public void update(String path, long done, long total) {
            double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            System.err.printf("\r%-40s %10s / %10s  %8s/s", path, size(done), size(total), size((long) (done / secs)));
        }
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
