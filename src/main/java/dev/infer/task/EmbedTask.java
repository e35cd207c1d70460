package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import java.util.ArrayList;
import java.util.List;

/** {@code infer embed}: one sentence vector per row, in field {@code embedding}. */
public final class EmbedTask implements Task {
    private final Embedder embedder;

    public EmbedTask(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public List<String> resultFields() {
        return List.of("embedding");
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
            out.add(new Object[] {v});
        }
        return out;
    }

    @Override
    public java.util.Map<String, String> identity() {
        return java.util.Map.of("row prefix", embedder.prefix());
    }
}
