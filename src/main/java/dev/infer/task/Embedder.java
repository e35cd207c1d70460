package dev.infer.task;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.infer.model.Encoded;
import dev.infer.model.Model;
import dev.infer.model.ModelException;
import dev.infer.model.OutputKind;
import dev.infer.model.Pooling;
import dev.infer.model.VectorMath;
import java.util.List;

/** Turns encoded rows into sentence vectors: runs the model, pools token vectors, normalizes. */
public final class Embedder {
    private final Model model;
    private final Pooling pooling;
    private final boolean normalize;

    public Embedder(Model model, Pooling pooling, boolean normalize) {
        if (!model.info().outputKind().isEmbedding()) {
            throw new ModelException(model.info().name() + " is a classification model (output '"
                    + model.info().output() + "'); it cannot produce embeddings");
        }
        this.model = model;
        this.pooling = pooling;
        this.normalize = normalize;
    }

    public float[][] embed(List<Encoded> rows, OrtSession.RunOptions runOptions) throws OrtException {
        boolean tokenLevel = model.info().outputKind() == OutputKind.TOKEN_EMBEDDINGS;
        float[][] vectors = model.session().run(rows, model.info().output(), runOptions, (data, shape) -> {
            int dim = (int) shape[shape.length - 1];
            float[][] out = new float[rows.size()][dim];
            for (int r = 0; r < rows.size(); r++) {
                if (tokenLevel) {
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
        return model.tokenizer().encode(text);
    }
}
