package dev.infer.cli;

import dev.infer.hub.CacheRemoval;
import dev.infer.hub.HubCache;
import dev.infer.hub.HubEnvironment;
import dev.infer.model.ModelRef;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Removes a hub model from the Hugging Face cache, as huggingface_hub's delete_revisions does:"
                + " with @REV only that snapshot, its refs and the files no other snapshot of the model shares;"
                + " without, the whole model. Refuses while a pull of it is downloading. Python's cached files are"
                + " the same files: they go too.",
        footer = {"", "Examples:", "  infer model rm Xenova/all-MiniLM-L6-v2", "  infer model rm BAAI/bge-small-en-v1.5@v1"})
final class ModelRmCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORG/NAME[@REV]", description = "A model in the Hugging Face cache (see"
            + " infer model list); @REV a branch, tag or commit.")
    String model;

    @Override
    public Integer call() {
        if (!ModelRef.HUB_ID.matcher(model).matches() || model.contains("--") || model.contains("..")) {
            throw new UsageException(model + " is not a hub model name (ORG/NAME or ORG/NAME@REVISION); model rm"
                    + " only removes models from the Hugging Face cache");
        }
        int at = model.indexOf('@');
        String repo = at < 0 ? model : model.substring(0, at);
        String revision = at < 0 ? null : model.substring(at + 1);
        HubCache cache = HubCache.of(HubEnvironment.fromSystem());
        CacheRemoval.Removed r = new CacheRemoval(cache).remove(repo, revision);
        PrintWriter out = spec.commandLine().getOut();
        out.println("removed " + (r.wholeRepo() ? repo + " (every snapshot)" : String.join(", ", r.removed())) + ": "
                + r.blobs() + " file(s), " + ModelPullCommand.size(r.bytesFreed()) + " freed"
                + (r.blobsKept() > 0 ? "; " + r.blobsKept() + " file(s) kept, shared with its other snapshots" : ""));
        out.flush();
        return ExitCodes.OK;
    }
}
