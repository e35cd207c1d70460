package dev.infer.task;

import dev.infer.io.InputException;
import dev.infer.model.EmbeddedModels;
import dev.infer.model.Model;
import dev.infer.model.TextPrefixes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Builds classify's task for an embedding model: few-shot (a head fitted on --examples, or loaded with --head)
 * or zero-shot (label prototypes). Checks what can be checked without a model first ({@link #prepare}), so a bad
 * examples or labels file fails in milliseconds, before the model loads.
 */
public final class EmbeddingClassifiers {

    /** What {@link #prepare} read: the examples to fit on, or the head to use, or the labels to prototype. */
    public record Prepared(ClassifyOptions options, Examples examples, LogisticHead head, LabelPrototypes labels) {
        /** The same, with {@code prefix} (resolved once the model is loaded: a named prompt) for the rows. */
        public Prepared withPrefix(String prefix) {
            return java.util.Objects.equals(prefix, options.prefix()) ? this
                    : new Prepared(options.withPrefix(prefix), examples, head, labels);
        }
    }

    /**
     * How zero-shot embeds rows and label sentences, and scores them: what a server needs to classify with labels
     * given per request.
     */
    public record ZeroShotSetup(Embedder rows, Embedder labels, String template, double temperature) {
    }

    private EmbeddingClassifiers() {
    }

    /** The zero-shot setup the options ask for, on the loaded model (its prefixes, template and temperature). */
    public static ZeroShotSetup zeroShot(ClassifyOptions o, Model model) {
        TextPrefixes prefixes = EmbeddedModels.prefixesOf(model.info());
        Embedder base = Embedder.forModel(model, null, true);
        return new ZeroShotSetup(base.withPrefix(o.prefix() != null ? o.prefix() : prefixes.zeroShotRow()),
                base.withPrefix(o.labelPrefix() != null ? o.labelPrefix() : prefixes.zeroShotLabel()),
                o.template() != null ? o.template() : ZeroShotClassifyTask.DEFAULT_TEMPLATE,
                o.temperature() != null ? o.temperature() : ZeroShotClassifyTask.DEFAULT_TEMPERATURE);
    }

    /**
     * Checks the option combination and reads the examples, head or labels file.
     *
     * @param notes where bad example rows are reported, or null
     */
    public static Prepared prepare(ClassifyOptions o, PrintStream notes) {
        if (o.examples() != null && o.head() != null) {
            throw new OptionException("head", "examples fits a new head and {} loads a saved one; give one of them");
        }
        if (o.saveHead() != null && o.examples() == null) {
            throw new OptionException("save-head", "{} writes the head fitted on examples; it needs an examples file");
        }
        if (o.fewShot()) {
            String zeroShot = o.zeroShotOptionGiven();
            if (zeroShot != null) {
                throw new OptionException(zeroShot, "{} is for zero-shot classification; in few-shot classification"
                        + " the labels come from the " + (o.examples() != null ? "examples" : "head"));
            }
            if (o.examples() != null) {
                return new Prepared(o, ExamplesReader.read(o.examples(),
                        orDefault(o.exampleText(), ClassifyOptions.DEFAULT_EXAMPLE_TEXT),
                        orDefault(o.exampleLabel(), ClassifyOptions.DEFAULT_EXAMPLE_LABEL), notes),
                        null, null);
            }
            return new Prepared(o, null, LogisticHead.load(Path.of(o.head())), null);
        }
        if (o.exampleText() != null || o.exampleLabel() != null) {
            throw new OptionException(o.exampleText() != null ? "example-text-column" : "example-label-column",
                    "{} names a column of the examples file; it needs examples");
        }
        if (o.labels() != null && o.labelsFile() != null) {
            throw new OptionException("labels-file", "labels and {} both give the labels; give one of them");
        }
        LabelPrototypes labels = o.labelsFile() != null ? LabelPrototypes.readFile(Path.of(o.labelsFile()))
                : LabelPrototypes.parse(o.labels() != null ? o.labels() : ClassifyOptions.DEFAULT_LABELS);
        if (o.template() != null && !o.template().contains("{}")) {
            throw new OptionException("template", "{} '" + o.template() + "' has no {} where the label goes"
                    + " (e.g. 'This ticket is about {}.')");
        }
        if (o.template() != null && !labels.usesTemplate()) {
            throw new OptionException("template", "{} has nothing to fill: every label brings its own descriptions");
        }
        return new Prepared(o, null, null, labels);
    }

    /**
     * The task, on the loaded model. Fits (and saves) the head, or checks that the loaded head belongs to this
     * model, or embeds the label prototypes.
     *
     * @param notes where the head's cross-validation line goes, or null
     */
    public static Task create(Prepared p, Model model, PrintStream notes) throws Exception {
        ClassifyOptions o = p.options();
        TextPrefixes prefixes = EmbeddedModels.prefixesOf(model.info());
        Embedder base = Embedder.forModel(model, null, true);
        String identity = HeadModelKey.of(model.info(), base);
        if (p.head() != null) {
            LogisticHead head = p.head();
            if (!head.modelIdentity().equals(identity) && head.modelName().equals(model.info().name())) {
                throw new InputException("{{head}} " + o.head() + " was fitted on other files of '" + head.modelName()
                        + "' (another revision, or changed weights); fit a new head with {{examples}}");
            }
            if (!head.modelIdentity().equals(identity)) {
                throw new InputException("{{head}} " + o.head() + " was fitted on model '" + head.modelName()
                        + "', not on '" + model.info().name() + "'; use {{model}} " + head.modelName()
                        + " or fit a new head with {{examples}}");
            }
            if (o.prefix() != null && !o.prefix().equals(head.prefix())) {
                throw new InputException("{{head}} " + o.head() + " was fitted with prefix '" + head.prefix()
                        + "', not '" + o.prefix() + "'; leave {{prefix}} out to use the head's");
            }
            return new FewShotClassifyTask(base.withPrefix(head.prefix()), head, o.topKOrNone(), o.allScores());
        }
        if (p.examples() != null) {
            Embedder rows = base.withPrefix(o.prefix() != null ? o.prefix() : prefixes.embed());
            LogisticHead head = FewShot.fit(p.examples(), rows, model.info().name(), identity, HeadFit.DEFAULT_L2);
            if (notes != null) {
                notes.println("infer: " + FewShot.describe(head, p.examples().source()));
            }
            if (o.saveHead() != null) {
                try {
                    head.save(Path.of(o.saveHead()));
                } catch (IOException e) {
                    throw new InputException("{{save-head}} " + o.saveHead() + " cannot be written: " + e.getMessage(), e);
                }
            }
            return new FewShotClassifyTask(rows, head, o.topKOrNone(), o.allScores());
        }
        ZeroShotSetup z = zeroShot(o, model);
        return ZeroShotClassifyTask.create(z.rows(), z.labels(), p.labels(), z.template(), z.temperature(),
                o.topKOrNone(), o.allScores());
    }

    private static String orDefault(String v, String d) {
        return v != null ? v : d;
    }
}
