package dev.infer.spark;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infer on Spark, on one shared local[2] session, against the CLI's own numbers. */
class SparkIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SparkSession spark = LocalSpark.session();

    @Test
    void embeddingsAreBitIdenticalToTheCliOn2000RowsJoinedOnId() throws Exception {
        List<String> texts = LocalSpark.texts(2000, 11);
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(texts));
        Path cliOut = dir.resolve("cli.jsonl");
        ProcessResult cli = LocalSpark.cli("embed", "--in", in.toString(), "--out", cliOut.toString(),
                "--threads", "2", "-q");
        assertEquals(0, cli.exitCode(), cli.stderr());
        Map<String, float[]> expected = new HashMap<>();
        for (String line : Files.readAllLines(cliOut)) {
            JsonNode row = JSON.readTree(line);
            expected.put(row.get("id").asText(), floats(row.get("embedding")));
        }

        // Spark reads the same file, spread over 3 partitions in an order of its own.
        Dataset<Row> df = spark.read().json(in.toString()).repartition(3);
        List<Row> rows = Infer.embed(df, InferOptions.embed()).select("id", "embedding", "error").collectAsList();

        assertEquals(2000, rows.size());
        for (Row r : rows) {
            assertNull(r.get(2), "row " + r.getString(0) + " failed");
            float[] want = expected.get(r.getString(0));
            assertNotNull(want, r.getString(0));
            List<Float> got = r.getList(1);
            assertEquals(want.length, got.size());
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got.get(i)),
                        "row " + r.getString(0) + " dimension " + i);
            }
        }
    }

    @Test
    void labelsScoresAndTokenCountsEqualTheCli() throws Exception {
        List<String> texts = LocalSpark.texts(150, 5);
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(texts));
        Path cliOut = dir.resolve("cli.jsonl");
        ProcessResult cli = LocalSpark.cli("classify", "--in", in.toString(), "--out", cliOut.toString(),
                "--labels", "praise,complaint,question", "--top-k", "2", "--all-scores", "-q");
        assertEquals(0, cli.exitCode(), cli.stderr());
        Map<String, JsonNode> expected = byId(cliOut);

        Dataset<Row> df = spark.read().json(in.toString()).repartition(2);
        Dataset<Row> out = Infer.classify(df, InferOptions.classify().labels("praise,complaint,question").topK(2)
                .allScores(true));
        StructType schema = out.schema();
        assertEquals(DataTypes.StringType, schema.apply("label").dataType());
        assertEquals(DataTypes.DoubleType, schema.apply("score").dataType());
        assertEquals("map<string,double>", schema.apply("scores").dataType().simpleString());
        assertEquals("array<struct<label:string,score:double>>", schema.apply("top_k").dataType().simpleString());
        for (Row r : out.collectAsList()) {
            JsonNode want = expected.get(r.<String>getAs("id"));
            assertEquals(want.get("label").asText(), r.<String>getAs("label"));
            assertEquals(want.get("score").asDouble(), r.<Double>getAs("score"));
            Map<String, Double> scores = r.getJavaMap(r.fieldIndex("scores"));
            want.get("scores").fields().forEachRemaining(e -> assertEquals(e.getValue().asDouble(), scores.get(e.getKey())));
            List<Row> top = r.getList(r.fieldIndex("top_k"));
            assertEquals(2, top.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(want.get("top_k").get(i).get("label").asText(), top.get(i).getString(0));
                assertEquals(want.get("top_k").get(i).get("score").asDouble(), top.get(i).getDouble(1));
            }
        }

        Path cliTokens = dir.resolve("tokens.jsonl");
        cli = LocalSpark.cli("tokenize", "--in", in.toString(), "--out", cliTokens.toString(), "--max-tokens", "20", "-q");
        assertEquals(0, cli.exitCode(), cli.stderr());
        Map<String, JsonNode> tokens = byId(cliTokens);
        Dataset<Row> counted = Infer.tokenize(df, InferOptions.tokenize().maxTokens(20));
        assertEquals(DataTypes.IntegerType, counted.schema().apply("tokens").dataType());
        assertEquals(DataTypes.BooleanType, counted.schema().apply("truncated").dataType());
        for (Row r : counted.collectAsList()) {
            JsonNode want = tokens.get(r.<String>getAs("id"));
            assertEquals(want.get("tokens").asInt(), r.<Integer>getAs("tokens"));
            assertEquals(want.get("truncated").asBoolean(), r.<Boolean>getAs("truncated"));
        }
    }

    @Test
    void badRowsGetAnErrorValueAndTheTaskGoesOn() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("text", DataTypes.StringType, true)));
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(1, "fine text"), RowFactory.create(2, null),
                RowFactory.create(3, "also fine")), schema).coalesce(1);
        List<Row> rows = Infer.embed(df, InferOptions.embed()).orderBy("id").collectAsList();
        assertEquals(3, rows.size());
        assertNull(rows.get(0).getAs("error"));
        assertEquals(384, rows.get(0).getList(rows.get(0).fieldIndex("embedding")).size());
        assertEquals("text field 'text' is null", rows.get(1).getAs("error"));
        assertNull(rows.get(1).getAs("embedding"));
        assertNull(rows.get(2).getAs("error"));

        // A text column that is not a string: every row says so, none stops the job.
        Dataset<Row> numbers = df.select(functions.col("id"), functions.col("id").as("text"));
        for (Row r : Infer.tokenize(numbers, InferOptions.tokenize()).collectAsList()) {
            assertEquals("text field 'text' is int, not a string", r.getAs("error"));
        }
    }

    @Test
    void parquetInParquetOutThroughTheJobWithASummaryCountedFromTheOutput() throws Exception {
        Path in = dir.resolve("in.parquet");
        List<Row> input = List.of(RowFactory.create("a", "the battery is great"), RowFactory.create("b", null),
                RowFactory.create("c", "screen broken, refund please"));
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("key", DataTypes.StringType, false),
                DataTypes.createStructField("body", DataTypes.StringType, true)));
        spark.createDataFrame(input, schema).write().parquet(in.toString());
        Path out = dir.resolve("out.parquet");

        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = InferJob.run(spark, new String[] {"embed", "--in", in.toString(), "--format", "parquet",
                "--out", out.toString(), "--out-format", "parquet", "--text-column", "body", "--id-column", "key"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));

        assertEquals(InferJob.ROWS_FAILED, code, stderr.toString());
        JsonNode summary = JSON.readTree(stdout.toString().strip());
        assertEquals(3, summary.get("rows").asLong());
        assertEquals(1, summary.get("failed").asLong());
        assertEquals(InferJob.ROWS_FAILED, summary.get("exit_code").asInt());
        assertEquals("1 of 3 rows failed", summary.get("reason").asText());
        assertTrue(summary.get("seconds").asDouble() > 0);
        assertTrue(summary.has("rows_per_second"));
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertEquals("array<float>", written.schema().apply("embedding").dataType().simpleString());
        assertEquals(List.of("key", "body", "embedding", "error"), List.of(written.columns()));
        assertEquals(2, written.filter(functions.col("error").isNull()).count());
    }

    @Test
    void csvAndJsonInput() throws Exception {
        Path csv = Files.writeString(dir.resolve("in.csv"),
                "id,text\n1,\"great, fast delivery\"\n2,\"it was \"\"okay\"\"\"\n", StandardCharsets.UTF_8);
        Path csvOut = dir.resolve("csv-out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = InferJob.run(spark, new String[] {"classify", "--in", csv.toString(), "--format", "csv",
                "--out", csvOut.toString(), "--out-format", "csv", "--top-k", "2"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        assertEquals(2, JSON.readTree(stdout.toString().strip()).get("rows").asLong());
        List<Row> rows = spark.read().option("header", "true").option("escape", "\"").csv(csvOut.toString())
                .orderBy("id").collectAsList();
        assertEquals("it was \"okay\"", rows.get(1).getAs("text"));
        assertTrue(rows.get(0).<String>getAs("top_k").startsWith("[{\"label\":"), rows.get(0).<String>getAs("top_k"));

        Path json = Files.writeString(dir.resolve("in.json"), LocalSpark.jsonl(List.of("love it", "hate it")));
        Path jsonOut = dir.resolve("json-out");
        stdout = new StringWriter();
        stderr = new StringWriter();
        code = InferJob.run(spark, new String[] {"tokenize", "--in", json.toString(), "--format", "json",
                "--out", jsonOut.toString(), "--out-format", "json"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        List<Row> counted = spark.read().json(jsonOut.toString()).orderBy("id").collectAsList();
        assertEquals(4L, counted.get(0).<Long>getAs("tokens")); // [CLS] love it [SEP]
    }

    @Test
    void onErrorFailFailsTheJobNamingTheRow() throws Exception {
        Path in = Files.writeString(dir.resolve("in.json"),
                "{\"id\":\"ok-1\",\"text\":\"fine\"}\n{\"id\":\"bad-7\",\"text\":null}\n");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = InferJob.run(spark, new String[] {"embed", "--in", in.toString(), "--format", "json",
                "--out", dir.resolve("out").toString(), "--id-column", "id", "--on-error", "fail"},
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(InferJob.FAILURE, code);
        String named = "infer: row 2 of partition 0 (id = bad-7) failed: text field 'text' is null";
        assertTrue(stderr.toString().contains(named), stderr.toString());
        // The summary is printed for a failed job too, for whatever monitors the job's output.
        JsonNode summary = JSON.readTree(stdout.toString().strip());
        assertEquals(InferJob.FAILURE, summary.get("exit_code").asInt());
        assertFalse(summary.get("completed").asBoolean());
        assertEquals(named, summary.get("reason").asText());
        assertTrue(summary.get("rows").isNull());
    }

    @Test
    void resultAndErrorColumnsAreNamedByTheJobsFlags() throws Exception {
        Path in = Files.writeString(dir.resolve("in.json"), "{\"id\":\"a\",\"text\":\"love it\"}\n{\"id\":\"b\",\"text\":null}\n");
        Path out = dir.resolve("out");
        StringWriter stderr = new StringWriter();
        int code = InferJob.run(spark, new String[] {"tokenize", "--in", in.toString(), "--out", out.toString(),
                "--out-format", "parquet", "--output-column", "n_tokens", "--error-column", "problem"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(InferJob.ROWS_FAILED, code, stderr.toString());
        Dataset<Row> written = spark.read().parquet(out.toString());
        assertEquals(List.of("id", "text", "n_tokens", "truncated", "problem"), List.of(written.columns()));
        List<Row> rows = written.orderBy("id").collectAsList();
        assertEquals(4, rows.get(0).<Integer>getAs("n_tokens"));
        assertEquals("text field 'text' is null", rows.get(1).getAs("problem"));
    }

    @Test
    void chainedOnItsOwnOutputTheJobSaysWhatToPassThenRuns() throws Exception {
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(LocalSpark.texts(30, 4)));
        Path vectors = dir.resolve("vectors");
        StringWriter stderr = new StringWriter();
        assertEquals(0, InferJob.run(spark, new String[] {"embed", "--in", in.toString(), "--out", vectors.toString(),
                "--out-format", "parquet"}, new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true)),
                stderr.toString());

        // classify what embed wrote: its 'error' column is in the way, and the message says what to pass
        stderr = new StringWriter();
        int code = InferJob.run(spark, new String[] {"classify", "--in", vectors.toString(), "--out",
                dir.resolve("x").toString(), "--labels", "praise,complaint"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(stderr, true));
        assertEquals(InferJob.USAGE, code);
        assertTrue(stderr.toString().startsWith("infer: the input already has a column 'error' (from an earlier infer"
                + " run?); pass --error-column NAME to name this run's, e.g. --error-column classify_error\n"), stderr.toString());

        Path labelled = dir.resolve("labelled");
        stderr = new StringWriter();
        code = InferJob.run(spark, new String[] {"classify", "--in", vectors.toString(), "--out", labelled.toString(),
                "--labels", "praise,complaint", "--error-column", "classify_error"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        Dataset<Row> both = spark.read().parquet(labelled.toString());
        assertEquals(List.of("id", "text", "embedding", "error", "label", "score", "classify_error"), List.of(both.columns()));
        assertEquals(30, both.filter(functions.col("classify_error").isNull().and(functions.col("label").isNotNull())).count());
        assertEquals(spark.read().parquet(vectors.toString()).orderBy("id").select("embedding").collectAsList(),
                both.orderBy("id").select("embedding").collectAsList(), "the embedded column passes through");

        // classify twice: the main result column is in the way
        stderr = new StringWriter();
        code = InferJob.run(spark, new String[] {"classify", "--in", labelled.toString(), "--out",
                dir.resolve("y").toString(), "--labels", "praise,complaint", "--error-column", "e2"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(InferJob.USAGE, code);
        assertTrue(stderr.toString().contains("the input already has a column 'label'; pass --output-column NAME to name"
                + " classify's label column, e.g. --output-column classify_label"), stderr.toString());
    }

    @Test
    void usageErrorsExit2BeforeSparkStarts() {
        StringWriter stderr = new StringWriter();
        int code = InferJob.run(new String[] {"embed", "--in", "x", "--out", "y", "--format", "xml"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(InferJob.USAGE, code);
        assertTrue(stderr.toString().contains("--format must be parquet, orc, csv, json or text (got 'xml')"), stderr.toString());

        stderr = new StringWriter();
        code = InferJob.run(new String[] {"embed", "--in", "x", "--out", "y", "--labels", "a,b"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(InferJob.USAGE, code);
        assertTrue(stderr.toString().contains("--labels is a classify option; embed does not take it"), stderr.toString());

        stderr = new StringWriter();
        code = InferJob.run(new String[] {"embed", "--out", "y"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(InferJob.USAGE, code);
        assertTrue(stderr.toString().contains("Missing required option: '--in=PATH'"), stderr.toString());
    }

    @Test
    void theTransformerWorksInsideAnMlPipeline() throws Exception {
        Dataset<Row> df = spark.read().json(Files.writeString(dir.resolve("in.json"),
                LocalSpark.jsonl(LocalSpark.texts(20, 3))).toString());
        InferTransformer embed = new InferTransformer().setTask("embed").setInputCol("text").setOutputCol("vector")
                .setErrorCol("embed_error");
        InferTransformer count = new InferTransformer().setTask("tokenize").setInputCol("text").setErrorCol("count_error");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {embed, count});
        PipelineModel model = pipeline.fit(df);
        Path saved = dir.resolve("pipeline");
        model.write().save(saved.toString());
        Dataset<Row> out = PipelineModel.load(saved.toString()).transform(df);

        assertEquals(List.of("id", "text", "vector", "embed_error", "tokens", "truncated", "count_error"),
                List.of(out.columns()));
        // MLlib estimators want vectors: array_to_vector turns the array<float> column into one.
        Row first = out.withColumn("features", org.apache.spark.ml.functions.array_to_vector(functions.col("vector")))
                .orderBy("id").first();
        assertEquals(384, first.<org.apache.spark.ml.linalg.Vector>getAs("features").size());
        float[] direct = toArray(Infer.embed(df.filter(functions.col("id").equalTo(first.<String>getAs("id"))),
                InferOptions.embed()).first().getList(2));
        assertArrayEquals(direct, toArray(first.getList(first.fieldIndex("vector"))));
    }

    @Test
    void theRealShadedJarRunsThroughSparkSubmit() throws Exception {
        List<String> texts = LocalSpark.texts(40, 9);
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(texts));
        Path out = dir.resolve("out");
        ProcessResult r = LocalSpark.sparkSubmit("embed", "--in", in.toString(), "--format", "json",
                "--out", out.toString(), "--out-format", "parquet", "--id-column", "id");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.stdout().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, lines.size(), r.stdout());
        JsonNode summary = JSON.readTree(lines.get(0));
        assertEquals(40, summary.get("rows").asLong());
        assertEquals(0, summary.get("failed").asLong());
        // The relocated jar computes the very numbers the in-process engine does.
        Map<String, float[]> here = new HashMap<>();
        for (Row row : Infer.embed(spark.read().json(in.toString()), InferOptions.embed()).collectAsList()) {
            here.put(row.getAs("id"), toArray(row.getList(row.fieldIndex("embedding"))));
        }
        for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
            assertArrayEquals(here.get(row.<String>getAs("id")), toArray(row.getList(row.fieldIndex("embedding"))));
        }
    }

    private static Map<String, JsonNode> byId(Path jsonl) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode row = JSON.readTree(line);
            m.put(row.get("id").asText(), row);
        }
        return m;
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static float[] toArray(List<Float> list) {
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i);
        }
        return v;
    }
}
