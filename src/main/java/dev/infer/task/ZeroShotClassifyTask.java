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
    private final String labelPrefix;
    /** The labels and every sentence describing them (a --labels-file can change under the same name). */
    private final String labelSentences;
    /** Answer the cosine similarities themselves, before the softmax (TEI's raw_scores). */
    private final boolean raw;
    private final int topK;
    private final boolean allScores;

    private ZeroShotClassifyTask(Embedder embedder, String labelPrefix, String labelSentences, List<String> labels,
                                 float[][] labelVectors, double temperature, int topK, boolean allScores, boolean raw) {
        this.embedder = embedder;
        this.raw = raw;
        this.topK = topK;
        this.allScores = allScores;
        this.labelPrefix = labelPrefix;
        this.labelSentences = labelSentences;
        this.labels = List.copyOf(labels);
        this.labelVectors = labelVectors;
        this.temperature = temperature;
        this.results = new ScoredLabels(labels, false, 0, topK, allScores);
    }

    /** Plain labels through the template, rows and label sentences embedded the same way. */
    public static ZeroShotClassifyTask create(Embedder embedder, List<String> labels, String template,
                                              double temperature, int topK, boolean allScores) throws OrtException {
        return create(embedder, embedder, LabelPrototypes.plain(labels), template, temperature, topK, allScores);
    }

    /**
     * Embeds each label sentence alone (batch of one), so label vectors never depend on each other; a label with
     * several sentences gets their average (re-normalized) as its prototype.
     *
     * @param rows   embeds the rows (with the row prefix)
     * @param labels embeds the label sentences (with the label prefix)
     */
    public static ZeroShotClassifyTask create(Embedder rows, Embedder labels, LabelPrototypes prototypes,
                                              String template, double temperature, int topK, boolean allScores)
            throws OrtException {
        if (prototypes.labels().size() < 2) {
            throw new IllegalArgumentException("zero-shot classification needs at least two labels");
        }
        List<float[]> sentenceVectors = new ArrayList<>();
        for (String sentence : sentences(prototypes, template)) {
            sentenceVectors.add(labels.embed(List.of(labels.encode(sentence)), Cancellation.NONE)[0]);
        }
        return fromSentenceVectors(rows, labels.prefix(), prototypes, template, sentenceVectors, temperature, topK,
                allScores);
    }

    /** Every label sentence, label by label, in the order {@link #fromSentenceVectors} takes their vectors. */
    public static List<String> sentences(LabelPrototypes prototypes, String template) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prototypes.labels().size(); i++) {
            out.addAll(prototypes.sentences(i, template));
        }
        return out;
    }

    /**
     * As {@link #create}, with the label sentences already embedded one by one (by a server's workers) by the
     * label embedder whose prefix is {@code labelPrefix}.
     */
    public static ZeroShotClassifyTask fromSentenceVectors(Embedder rows, String labelPrefix,
                                                           LabelPrototypes prototypes, String template,
                                                           List<float[]> sentenceVectors, double temperature,
                                                           int topK, boolean allScores) {
        if (prototypes.labels().size() < 2) {
            throw new IllegalArgumentException("zero-shot classification needs at least two labels");
        }
        float[][] vectors = new float[prototypes.labels().size()][];
        List<String> all = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < vectors.length; i++) {
            float[] sum = null;
            all.add(prototypes.labels().get(i));
            all.addAll(prototypes.sentences(i, template));
            for (int s = 0; s < prototypes.sentences(i, template).size(); s++) {
                float[] v = sentenceVectors.get(next++).clone();
                VectorMath.normalize(v);
                if (sum == null) {
                    sum = v;
                } else {
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += v[d];
                    }
                }
            }
            VectorMath.normalize(sum);
            vectors[i] = sum;
        }
        return new ZeroShotClassifyTask(rows, labelPrefix, Fingerprint.of(all), prototypes.labels(), vectors,
                temperature, topK, allScores, false);
    }

    /** The same classifier answering each label's cosine similarity instead of its softmax score. */
    public ZeroShotClassifyTask withRawScores() {
        return new ZeroShotClassifyTask(embedder, labelPrefix, labelSentences, labels, labelVectors, temperature, topK,
                allScores, true);
    }

    @Override
    public java.util.Map<String, String> identity() {
        return java.util.Map.of("row prefix", embedder.prefix(), "label prefix", labelPrefix,
                "label sentences", labelSentences);
    }

    @Override
    public ResultSchema schema() {
        return results.schema();
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
            out.add(results.row(raw ? sims : VectorMath.softmax(sims, temperature)));
        }
        return out;
    }
}
