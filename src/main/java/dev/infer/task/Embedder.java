package dev.infer.task;

import dev.infer.model.Cancellation;
import ai.onnxruntime.OrtException;
import dev.infer.model.Encoded;
import dev.infer.model.Model;
import dev.infer.model.ModelException;
import dev.infer.model.ModelInfo;
import dev.infer.model.OutputKind;
import dev.infer.model.Pooling;
import dev.infer.model.PoolingPlan;
import dev.infer.model.VectorMath;
import java.util.List;

/** Turns encoded rows into sentence vectors: runs the model, pools token vectors (if needed), normalizes. */
public final class Embedder {
    private final Model model;
    private final String output;
    /** null: the output already holds sentence vectors. */
    private final Pooling pooling;
    private final boolean normalize;
    /** Put in front of every text before tokenizing (E5's "query: "); "" for none. */
    private final String prefix;

    /**
     * An embedder that follows the model folder: its sentence_embedding output as is, else its token vectors
     * pooled by its pooling config. An explicit {@code pooling} wins and pools token vectors.
     *
     * @param pooling the user's --pooling, or null to follow the model
     * @throws ModelException when the model cannot make embeddings this way (a classifier, say)
     */
    public Embedder(Model model, Pooling pooling, boolean normalize) {
        this.model = model;
        this.normalize = normalize;
        this.prefix = "";
        ModelInfo info = model.info();
        if (!info.outputKind().isEmbedding()) {
            throw new ModelException(info.name() + " is a classification model (" + info.onnxFile() + " outputs '"
                    + info.output() + "', labels " + info.labels().summary()
                    + "), so it cannot make embeddings; use infer classify with it");
        }
        PoolingPlan plan = info.pooling();
        if (info.outputKind() == OutputKind.SENTENCE_EMBEDDING && pooling == null) {
            this.output = info.output();
            this.pooling = null;
            return;
        }
        if (plan.tokenOutput() == null) {
            throw new OptionException("pooling", info.name() + " outputs ready-made sentence vectors ('" + info.output()
                    + "') and no token vectors, so {} cannot apply; leave it out");
        }
        if (plan.problem() != null) {
            throw new ModelException(plan.problem());
        }
        Pooling mode = pooling != null ? pooling : plan.pooling();
        if (mode == null) {
            throw new OptionException("pooling", info.name() + "/" + plan.source() + "; choose one with {} mean, cls or max");
        }
        this.output = plan.tokenOutput();
        this.pooling = mode;
    }

    private Embedder(Embedder base, String prefix) {
        this.model = base.model;
        this.output = base.output;
        this.pooling = base.pooling;
        this.normalize = base.normalize;
        this.prefix = prefix;
    }

    /** The same embedder with {@code prefix} put in front of every text it encodes. */
    public Embedder withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (!p.isEmpty() && !model.info().card().poolingIncludesPrompt()) {
            // sentence-transformers masks such a prompt's tokens out of pooling; pooling them would give other vectors
            throw new ModelException(model.info().name() + "'s pooling config leaves a prompt's tokens out of pooling"
                    + " (include_prompt: false), which infer does not do, so it cannot embed with the prefix '" + p + "'");
        }
        return new Embedder(this, p);
    }

    public String prefix() {
        return prefix;
    }

    public Model model() {
        return model;
    }

    /** Same as the constructor; reads better at call sites that follow the model ({@code requested} null). */
    public static Embedder forModel(Model model, Pooling requested, boolean normalize) {
        return new Embedder(model, requested, normalize);
    }

    public float[][] embed(List<Encoded> rows, Cancellation cancel) throws OrtException {
        float[][] vectors = model.session().run(rows, output, cancel, (data, shape) -> {
            int dim = (int) shape[shape.length - 1];
            float[][] out = new float[rows.size()][dim];
            for (int r = 0; r < rows.size(); r++) {
                if (pooling != null) {
                    pooling.pool(data, r, (int) shape[1], dim, rows.get(r).length(), out[r]);
                } else {
                    data.get(r * dim, out[r], 0, dim);
                }
            }
            return out;
        });
        if (normalize) {
            for (float[] v : vectors) {
                VectorMath.normalize(v);
            }
        }
        return vectors;
    }

    public Encoded encode(String text) {
        return model.tokenizer().encode(prefix.isEmpty() ? text : prefix + text);
    }

    /** The pooling applied to token vectors, or null when the model's output is already a sentence vector. */
    public Pooling pooling() {
        return pooling;
    }
}
