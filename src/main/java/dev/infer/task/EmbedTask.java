package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.model.VectorMath;
import java.util.ArrayList;
import java.util.List;

/** {@code infer embed}: one sentence vector per row, in field {@code embedding}. */
public final class EmbedTask implements Task {
    private final Embedder embedder;
    private final Integer dimensions;
    private final boolean normalize;

    public EmbedTask(Embedder embedder) {
        this(embedder, null, true);
    }

    /**
     * @param dimensions keep the first N dimensions, or null for all
     * @param normalize  whether the embedder normalizes (a cut vector is then re-normalized)
     */
    public EmbedTask(Embedder embedder, Integer dimensions, boolean normalize) {
        this.embedder = embedder;
        this.dimensions = dimensions;
        this.normalize = normalize;
    }

    @Override
    public ResultSchema schema() {
        return ResultSchema.of(ResultField.EMBEDDING);
    }

    @Override
    public Encoded encode(String text) {
        return embedder.encode(text);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
        float[][] vectors = embedder.embed(rows, cancel);
        List<Object[]> out = new ArrayList<>(rows.size());
        for (float[] v : vectors) {
            out.add(new Object[] {dimensions == null ? v : VectorMath.firstDimensions(v, dimensions, normalize)});
        }
        return out;
    }

    @Override
    public java.util.Map<String, String> identity() {
        return dimensions == null ? java.util.Map.of("row prefix", embedder.prefix())
                : java.util.Map.of("row prefix", embedder.prefix(), "dimensions", dimensions.toString());
    }
}
