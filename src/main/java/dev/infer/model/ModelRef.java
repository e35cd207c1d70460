package dev.infer.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model argument names, decided in one place. Precedence, first match wins:
 * <ol>
 *   <li>nothing or {@code "default"}: the command's embedded default ({@link EmbeddedModels#defaultFor});</li>
 *   <li>an embedded model's name ({@code minilm}, {@code e5-small});</li>
 *   <li>an existing path: a model folder;</li>
 *   <li>{@code ORG/NAME} or {@code ORG/NAME@REVISION} (a Hugging Face repository id) that is not an existing
 *       path: a hub model, looked up in the Hugging Face cache only;</li>
 *   <li>anything else holding a path separator: a model folder (which then reports that it is missing);</li>
 *   <li>else one error naming what the argument can be.</li>
 * </ol>
 */
public sealed interface ModelRef {

    /** The ONNX file to pick inside a folder or snapshot, or {@code null} to let the loader choose. */
    String onnxFile();

    record Embedded(EmbeddedModel model) implements ModelRef {
        @Override
        public String onnxFile() {
            return null;
        }
    }

    record Folder(Path dir, String onnxFile) implements ModelRef {
    }

    /** @param revision a branch, tag or commit; {@code "main"} when none was given */
    record Hub(String repo, String revision, String onnxFile) implements ModelRef {
        public static final String DEFAULT_REVISION = "main";

        /** The argument as written: {@code ORG/NAME}, with {@code @REVISION} unless it is main. */
        public String display() {
            return revision.equals(DEFAULT_REVISION) ? repo : repo + "@" + revision;
        }
    }

    /**
     * huggingface_hub's repository id rule (validate_repo_id): ORG/NAME, each part starting and ending with a
     * letter or digit, made of letters, digits, '-', '_' and '.'; '--' and '..' are refused there too.
     */
    Pattern HUB_ID = Pattern.compile("([A-Za-z0-9](?:[\\w.-]*[A-Za-z0-9])?/[A-Za-z0-9](?:[\\w.-]{0,94}[A-Za-z0-9])?)"
            + "(?:@([\\w.][\\w./-]*))?");

    /**
     * @param spec    the model argument ({@code null} or "default" for the command's default)
     * @param onnx    the ONNX file asked for inside a folder or snapshot, or {@code null}
     * @param command the command whose default "default" means, or {@code null} for the engine's (minilm)
     */
    static ModelRef parse(String spec, String onnx, String command) {
        String name = spec == null || spec.equals(EmbeddedModels.DEFAULT)
                ? (command == null ? EmbeddedModels.MINILM : EmbeddedModels.defaultFor(command)).name() : spec;
        var embedded = EmbeddedModels.find(name);
        if (embedded.isPresent()) {
            if (onnx != null) {
                throw new ModelException("{{model-file}} picks a file inside a model folder; it needs {{model}} DIR");
            }
            return new Embedded(embedded.get());
        }
        Path path = Path.of(name);
        if (Files.exists(path)) {
            return new Folder(path, onnx);
        }
        Matcher hub = HUB_ID.matcher(name);
        if (hub.matches() && !name.contains("--") && !name.contains("..")) {
            return new Hub(hub.group(1), hub.group(2) == null ? Hub.DEFAULT_REVISION : hub.group(2), onnx);
        }
        if (name.contains("/") || name.contains(java.io.File.separator)) {
            return new Folder(path, onnx);
        }
        throw new ModelException("{{model}} " + name + " is neither an embedded model (" + EmbeddedModels.names()
                + ", default) nor a model folder");
    }
}
