package dev.infer.task;

import dev.infer.model.Cancellation;
import ai.onnxruntime.OrtException;
import dev.infer.model.Encoded;
import dev.infer.model.VectorMath;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infer classify} with an embedding model: zero-shot classification by similarity.
 *
 * <p>Each label becomes a sentence through the template ("I am {} about this product."); a row's label is the
 * label sentence its embedding is most similar to, and the scores are a softmax over the cosine
 * similarities divided by a temperature. Nothing is hard-coded about any label.
 */
public final class ZeroShotClassifyTask implements Task {
    /** Measured on review-like text: the best of a dozen phrasings for the default labels (see README). */
    public static final String DEFAULT_TEMPLATE = "I am {} about this product.";
    public static final double DEFAULT_TEMPERATURE = 0.05;

    private final Embedder embedder;
    private final List<String> labels;
    private final float[][] labelVectors;
    private final double temperature;
    private final ScoredLabels results;

    private ZeroShotClassifyTask(Embedder embedder, List<String> labels, float[][] labelVectors,
                                 double temperature, int topK, boolean allScores) {
        this.embedder = embedder;
        this.labels = List.copyOf(labels);
        this.labelVectors = labelVectors;
        this.temperature = temperature;
        this.results = new ScoredLabels(labels, false, 0, topK, allScores);
    }

    /** Embeds each label sentence alone (batch of one), so label vectors never depend on each other. */
    public static ZeroShotClassifyTask create(Embedder embedder, List<String> labels, String template,
                                              double temperature, int topK, boolean allScores) throws OrtException {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("zero-shot classification needs at least two labels");
        }
        float[][] vectors = new float[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            String sentence = labelSentence(template, labels.get(i));
            vectors[i] = embedder.embed(List.of(embedder.encode(sentence)), Cancellation.NONE)[0];
        }
        return new ZeroShotClassifyTask(embedder, labels, vectors, temperature, topK, allScores);
    }

    static String labelSentence(String template, String label) {
        return template.contains("{}") ? template.replace("{}", label) : template + " " + label;
    }

    @Override
    public List<String> resultFields() {
        return results.resultFields();
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
            double[] sims = new double[labels.size()];
            for (int i = 0; i < sims.length; i++) {
                sims[i] = VectorMath.cosine(v, labelVectors[i]);
            }
            out.add(results.row(VectorMath.softmax(sims, temperature)));
        }
        return out;
    }
}
