package dev.infer.io;

/**
 * One input row on its way through the pipeline.
 *
 * @param index  0-based position among the data rows of the input; output order follows it
 * @param line   1-based line number in the input where the row starts (for messages)
 * @param fields the row's own fields, passed through to the output unchanged
 * @param text   the text the model reads; {@code null} when {@code error} is set
 * @param error  why the row cannot be used (it is written out with this reason), or {@code null}
 */
public record Row(long index, long line, RowFields fields, String text, String error) {

    public static Row ok(long index, long line, RowFields fields, String text) {
        return new Row(index, line, fields, text, null);
    }

    public static Row failed(long index, long line, RowFields fields, String error) {
        return new Row(index, line, fields, null, error);
    }

    public boolean isOk() {
        return error == null;
    }
}
