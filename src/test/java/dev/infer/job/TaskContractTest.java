package dev.infer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.cache.ValueCodec;
import dev.infer.io.Format;
import dev.infer.io.Row;
import dev.infer.io.RowWriter;
import dev.infer.io.RowWriters;
import dev.infer.model.Model;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CallGuard;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.WorkItem;
import dev.infer.task.OptionValues;
import dev.infer.task.ResultField;
import dev.infer.task.ResultSchema;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every registered task promises, checked for each on the real embedded model (a new task passes this or
 * is not done): its values are of the types its schema says, they round-trip through the cache's codec and every
 * writer, and a row's answer does not depend on its batch-mates at the job's own batching.
 */
class TaskContractTest {
    private static final List<String> TEXTS = List.of("The fryer works great.", "Broke after a week; never again.",
            "ok", "🙂 emoji and ünïcödé", "word ".repeat(300));

    @Test
    void everyTaskKeepsItsContract() throws Exception {
        for (TaskKind kind : TaskKinds.all()) {
            JobSpec job = JobSpec.of(kind, OptionValues.NONE);
            try (Model model = job.loadModel(job.session(1, 1))) {
                PreparedJob prepared = job.bind(model, job.prepareTask(null));
                List<Object[]> together = run(prepared, TEXTS);
                assertEquals(TEXTS.size(), together.size(), kind.name());
                for (int i = 0; i < TEXTS.size(); i++) {
                    Object[] values = together.get(i);
                    String where = kind.name() + " row " + i;
                    typesMatch(prepared.schema(), values, where);
                    assertTrue(java.util.Arrays.deepEquals(values, copiedOut(ValueCodec.decode(ValueCodec.encode(values)))),
                            where);
                    Object[] alone = run(prepared, List.of(TEXTS.get(i))).get(0);
                    assertTrue(java.util.Arrays.deepEquals(values, alone), where + ": batch-mates changed the answer");
                }
                writersHoldEveryField(prepared.schema(), together);
            }
        }
    }

    /** Decoded values with their float arrays copied out of the stored bytes (the codec hands back a view). */
    private static Object[] copiedOut(Object[] decoded) {
        Object[] v = decoded.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] instanceof dev.infer.io.PackedFloats p) {
                v[i] = p.toArray();
            }
        }
        return v;
    }

    private static List<Object[]> run(PreparedJob job, List<String> texts) {
        BatchRunner runner = new BatchRunner(job.task(), job.rowsPerCall(), EngineOptions.DEFAULT_MAX_BATCH_TOKENS,
                new RunStats());
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            items.add(runner.encode(Row.ok(i, i + 1, null, texts.get(i))));
        }
        try (CallGuard guard = new CallGuard(job.task().runsModel(), null)) {
            List<RowOutcome> out = runner.run(items, guard, new CancelScope());
            out.sort(java.util.Comparator.comparingLong(o -> o.row().index()));
            List<Object[]> values = new ArrayList<>();
            for (RowOutcome o : out) {
                assertFalse(o.failed(), o.error());
                values.add(o.values());
            }
            return values;
        }
    }

    private static void typesMatch(ResultSchema schema, Object[] values, String where) {
        assertEquals(schema.size(), values.length, where);
        for (int i = 0; i < schema.size(); i++) {
            ResultField f = schema.field(i);
            Object v = values[i];
            boolean ok = switch (f.type()) {
                case VECTOR -> v instanceof float[];
                case TEXT -> v instanceof String;
                case SCORE -> v instanceof Double;
                case COUNT -> v instanceof Integer;
                case FLAG -> v instanceof Boolean;
                case LABEL_SCORES, SPANS, TEXT_LIST -> v instanceof List<?>;
                case SCORE_MAP -> v instanceof Map<?, ?>;
            };
            assertTrue(ok, where + ": " + f + " holds " + (v == null ? "null" : v.getClass().getSimpleName()));
        }
    }

    private static void writersHoldEveryField(ResultSchema schema, List<Object[]> rows) throws Exception {
        for (Format format : Format.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RowWriter w = RowWriters.open(out, format, List.of("text"), schema.names());
            for (int i = 0; i < rows.size(); i++) {
                var fields = new dev.infer.io.RowFields.Delimited(new dev.infer.io.Header(List.of("text")),
                        new String[] {TEXTS.get(i)});
                w.write(Row.ok(i, i + 1, fields, TEXTS.get(i)), rows.get(i), null);
            }
            w.close();
            String text = out.toString(StandardCharsets.UTF_8);
            if (format == Format.JSONL) {
                String[] lines = text.split("\n");
                assertEquals(rows.size(), lines.length);
                JsonNode first = new ObjectMapper().readTree(lines[0]);
                for (String name : schema.names()) {
                    assertTrue(first.has(name), format + " lacks " + name + ": " + lines[0]);
                }
            } else {
                String header = text.substring(0, text.indexOf('\n'));
                for (String name : schema.names()) {
                    assertTrue(header.contains(name), format + " header lacks " + name + ": " + header);
                }
            }
        }
    }
}
