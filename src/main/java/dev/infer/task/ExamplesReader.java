package dev.infer.task;

import dev.infer.io.InputException;
import dev.infer.io.InputSpec;
import dev.infer.io.Row;
import dev.infer.io.RowReader;
import dev.infer.io.RowReaders;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a few-shot examples file (CSV, TSV or JSONL, like any input) and checks that a head can be fitted on it,
 * before any model is loaded. Bad rows inside are reported ("line N: reason") and left out, like input rows; a
 * file that cannot give a head (missing column, empty, fewer than 2 labels, a label with one example) is refused
 * with one sentence.
 */
public final class ExamplesReader {
    /** Thrown when the file as a whole cannot serve; the message is one sentence for the user. */
    public static final class ExamplesException extends InputException {
        public ExamplesException(String message) {
            super(message);
        }
    }

    private ExamplesReader() {
    }

    /**
     * @param warnings where bad rows are reported (one line each), or null to stay quiet
     */
    public static Examples read(String path, String textColumn, String labelColumn, PrintStream warnings) {
        String where = "{{examples}} " + path;
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int bad = 0;
        try (RowReader reader = open(path, textColumn)) {
            List<String> columns = reader.columns();
            if (!columns.isEmpty() && !columns.contains(labelColumn)) {
                throw new ExamplesException(where + " has no label column '" + labelColumn + "' (columns: "
                        + String.join(", ", columns) + "); name it with {{example-label-column}}");
            }
            Row row;
            while ((row = reader.next()) != null) {
                String problem = row.error();
                String label = null;
                if (problem == null) {
                    int li = row.fields().names().indexOf(labelColumn);
                    label = li < 0 ? "" : row.fields().text(li).strip();
                    if (li < 0) {
                        problem = "missing label field '" + labelColumn + "'";
                    } else if (label.isEmpty()) {
                        problem = "empty label";
                    } else if (row.text().isBlank()) {
                        problem = "empty text";
                    }
                }
                if (problem != null) {
                    bad++;
                    if (warnings != null) {
                        // notes go to the CLI's stderr: the option spelled as the CLI spells it
                        warnings.println("infer: " + dev.infer.OptionText.cli(where) + " line " + row.line() + ": " + problem
                                + "; example left out");
                    }
                    continue;
                }
                texts.add(row.text());
                labels.add(label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Examples examples = new Examples(path, texts, labels);
        check(examples, where, bad);
        return examples;
    }

    private static RowReader open(String path, String textColumn) {
        try {
            return RowReaders.open(InputSpec.file(path).withTextColumn(textColumn));
        } catch (InputException e) {
            String m = e.getMessage().replace("(use --text-column)", "(use {{example-text-column}})");
            throw new ExamplesException("{{examples}}: " + m);
        }
    }

    static void check(Examples examples, String where, int bad) {
        if (examples.texts().isEmpty()) {
            throw new ExamplesException(where + " has no usable examples" + (bad > 0 ? " (" + bad
                    + " bad rows)" : ""));
        }
        Map<String, Integer> counts = examples.counts();
        if (counts.size() < 2) {
            throw new ExamplesException(where + " has only one label ('" + counts.keySet().iterator().next()
                    + "'); a head needs at least two");
        }
        for (var e : counts.entrySet()) {
            if (e.getValue() < 2) {
                throw new ExamplesException(where + " has only one example of label '" + e.getKey()
                        + "'; every label needs at least two");
            }
        }
    }
}
