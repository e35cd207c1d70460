package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import dev.infer.task.ResultField;
import dev.infer.task.ResultSchema;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class InferOptionsTest {

    @Test
    void wrongValuesAreRefusedWithTheOptionNamed() {
        assertEquals("batchSize must be at least 1 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().batchSize(0).validate()).getMessage());
        assertEquals("pooling must be mean, cls or max (got 'sum')",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().pooling("sum").validate()).getMessage());
        assertEquals("onError must be record, skip or fail (got 'often')",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().onError("often")).getMessage());
        assertEquals("'summarize' is not an infer task (use embed, classify or tokenize)",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.of("summarize")).getMessage());
        assertEquals("maxTokens must be at least 1 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.tokenize().option("max-tokens", "0")).getMessage());
        assertEquals("labels is a classify option; embed does not take it",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().labels("a,b").validate()).getMessage());
        assertEquals("'colour' is not an infer option",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().option("colour", "red")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> InferOptions.classify().labels("only-one"));
        assertThrows(IllegalArgumentException.class, () -> InferOptions.classify().topK(0).validate());
        assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().textColumn(" ").validate());
    }

    @Test
    void aCopyTravelsIntactAndLaterChangesDoNotReachIt() throws Exception {
        InferOptions o = InferOptions.classify().textColumn("body").labels("a,b,c").topK(2).intraOpThreads(2);
        InferOptions copy = o.copy();
        o.textColumn("other").labels("x,y");
        assertEquals("body", copy.textColumn());
        assertEquals("a,b,c", copy.get(dev.infer.task.ClassifyKind.LABELS).orElseThrow());
        assertNotEquals(o.job(), copy.job());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(copy);
        }
        InferOptions back = (InferOptions) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(copy.job(), back.job());
        assertEquals(2, back.job().session(1, 1).intraOpThreads());
    }

    @Test
    void resultColumnsHaveTheDocumentedTypesAndRefuseNameClashes() {
        StructType input = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("text", DataTypes.StringType, true)));
        ResultColumns classify = new ResultColumns(ResultSchema.of(ResultField.LABEL, ResultField.SCORE, ResultField.TOP_K, ResultField.SCORES), null, "error");
        assertEquals("struct<id:bigint,text:string,label:string,score:double,"
                + "top_k:array<struct<label:string,score:double>>,scores:map<string,double>,error:string>",
                classify.outputSchema(input).simpleString());
        ResultColumns embed = new ResultColumns(ResultSchema.of(ResultField.EMBEDDING), "vector", "error");
        assertEquals("struct<id:bigint,text:string,vector:array<float>,error:string>",
                embed.outputSchema(input).simpleString());
        ResultColumns clash = new ResultColumns(ResultSchema.of(ResultField.TOKENS, ResultField.TRUNCATED), "ID", "error");
        assertEquals("the input already has a column 'id'; rename it (or choose another output/error column name)",
                assertThrows(IllegalArgumentException.class, () -> clash.outputSchema(input)).getMessage());
    }

    @Test
    void dimensionsReachTheTaskAndItsKey() {
        InferOptions o = InferOptions.embed().dimensions(128);
        assertEquals(128, dev.infer.task.EmbedKind.options(o.copy().job().options()).dimensions());
        assertNotEquals(InferOptions.embed().job(), o.job());
        assertEquals("dimensions must be at least 1 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> InferOptions.embed().dimensions(0)).getMessage());
    }
}
