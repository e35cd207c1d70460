package dev.infer.model;

/**
 * The text a model expects in front of what it embeds. E5 models were trained with "query: " and
 * "passage: " in front of every text; without them their vectors are measurably worse.
 *
 * @param embed     default prefix for {@code infer embed} and for rows in few-shot classification
 * @param zeroShotRow   prefix for the rows in zero-shot classification
 * @param zeroShotLabel prefix for the label sentences (prototypes) in zero-shot classification
 */
public record TextPrefixes(String embed, String zeroShotRow, String zeroShotLabel) {
    public static final TextPrefixes NONE = new TextPrefixes("", "", "");
}
