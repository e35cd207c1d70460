package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.CrossEncoderReference;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rerank on Spark through the registry (no Spark code of its own), on local[2], against Transformers.js. */
class SparkRerankIT {
    @TempDir
    Path dir;

    private final SparkSession spark = LocalSpark.session();

    @Test
    void scoresEachRowAgainstTheQueryAsTransformersJsDoes() throws Exception {
        Path model = TinyModels.sequenceClassifier(dir.resolve("cross-encoder"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR).withLabels("LABEL_0")).dir();
        List<String> texts = LocalSpark.texts(60, 3);
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(texts));
        String query = "is the battery any good?";
        List<String[]> pairs = new ArrayList<>();
        texts.forEach(t -> pairs.add(new String[] {query, t}));
        List<CrossEncoderReference.Answer> expected = CrossEncoderReference.score(model, pairs);

        Dataset<Row> df = spark.read().json(in.toString()).repartition(2);
        Dataset<Row> out = Infer.run(df, InferOptions.of("rerank").option("query", query)
                .option("model", model.toString()));
        assertEquals(DataTypes.DoubleType, out.schema().apply("score").dataType());
        List<Row> rows = out.select("id", "score", "error").collectAsList();
        assertEquals(texts.size(), rows.size());
        for (Row r : rows) {
            assertNull(r.get(2), "row " + r.getString(0) + " failed");
            int i = Integer.parseInt(r.getString(0).substring(1));
            assertEquals(expected.get(i).score(), r.getDouble(1), 1e-5, "row " + i);
        }
        assertTrue(Infer.rerank(df, InferOptions.of("rerank").option("query", query).option("model", model.toString()))
                .count() == texts.size());
    }
}
