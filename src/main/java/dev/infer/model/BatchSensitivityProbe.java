package dev.infer.model;

import ai.onnxruntime.OrtException;
import java.util.List;

/**
 * Finds out at load time whether a row's output depends on its batch-mates.
 *
 * <p>Why: dynamically quantized models compute activation scales over the whole batch tensor, so a
 * row's vector moves (cosine ~0.99) when other rows share its batch. infer promises that a text
 * always gets the same answer, so such models run one row per call unless the user asks otherwise.
 * Checking the behaviour beats guessing from file names: it costs two tiny runs.
 *
 * <p>The measure is the largest change of any output value relative to the largest value, not a cosine:
 * a classifier's two or three logits can move by 1e-3 while their cosine stays above 0.99999.
 */
public final class BatchSensitivityProbe {
    /** Float models move by ~1e-7 between batch layouts; quantized ones by ~1e-3 to 1e-2. */
    static final double MAX_RELATIVE_DRIFT = 1e-5;
    private static final String SHORT = "ok";
    private static final String LONG = "A much longer and louder sentence, FULL of varied words, numbers like 98765 and punctuation!!!";

    private BatchSensitivityProbe() {
    }

    public static boolean isBatchSensitive(ModelSession session, TextTokenizer tokenizer, String output) {
        return drift(session, tokenizer, output) > MAX_RELATIVE_DRIFT;
    }

    /** How far the short row's output moves when a long row joins its batch, relative to its largest value. */
    static double drift(ModelSession session, TextTokenizer tokenizer, String output) {
        Encoded shortRow = tokenizer.encode(SHORT);
        Encoded longRow = tokenizer.encode(LONG);
        try {
            float[] alone = firstRow(session, List.of(shortRow), output, shortRow.length());
            float[] together = firstRow(session, List.of(shortRow, longRow), output, shortRow.length());
            double largest = 0;
            double moved = 0;
            for (int i = 0; i < alone.length; i++) {
                largest = Math.max(largest, Math.abs(alone[i]));
                moved = Math.max(moved, Math.abs((double) alone[i] - together[i]));
            }
            return largest == 0 ? moved : moved / largest;
        } catch (OrtException e) {
            throw new ModelException(session.source() + " fails on a test input: " + e.getMessage(), e);
        }
    }

    /** The first row's real (unpadded) values of the output, flattened. */
    private static float[] firstRow(ModelSession session, List<Encoded> batch, String output, int realLength)
            throws OrtException {
        return session.run(batch, output, Cancellation.NONE, (data, shape) -> {
            int perRow = 1;
            for (int i = 1; i < shape.length; i++) {
                perRow *= (int) shape[i];
            }
            if (shape.length == 3) {
                perRow = realLength * (int) shape[2]; // only the real tokens, not the padding
            }
            float[] out = new float[perRow];
            data.get(0, out, 0, perRow);
            return out;
        });
    }
}
