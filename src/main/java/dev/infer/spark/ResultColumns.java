package dev.infer.spark;

import dev.infer.task.ResultSchema;
import dev.infer.task.ResultType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark types of a task's result fields, by their {@link ResultType}, and the conversion of the engine's
 * values into them: vectors {@code array<float>}, text string, scores double, score maps
 * {@code map<string,double>}, label scores {@code array<struct<label,score>>}, counts int, flags boolean, plus
 * the error column (string, null when the row is fine).
 */
final class ResultColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    static final StructType LABEL_SCORE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false)));
    static final StructType SPAN = DataTypes.createStructType(List.of(
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false),
            DataTypes.createStructField("start", DataTypes.IntegerType, false),
            DataTypes.createStructField("end", DataTypes.IntegerType, false),
            DataTypes.createStructField("text", DataTypes.StringType, false)));

    private final ResultSchema schema;
    private final String[] columnNames;
    private final String errorColumn;

    /**
     * @param schema     the task's result fields
     * @param mainRename new name of the first (main) result column, or null
     */
    ResultColumns(ResultSchema schema, String mainRename, String errorColumn) {
        this.schema = schema;
        this.columnNames = schema.names().toArray(new String[0]);
        if (mainRename != null) {
            columnNames[0] = mainRename;
        }
        this.errorColumn = errorColumn;
    }

    int size() {
        return columnNames.length;
    }

    /** The schema rows leave the partition function with: maps travel as entry arrays (see {@link #finish}). */
    StructType partitionSchema(StructType input) {
        return schema(input, true);
    }

    /** The input schema plus the result columns and the error column; refuses name clashes. */
    StructType outputSchema(StructType input) {
        return schema(input, false);
    }

    /**
     * Turns the entry arrays into Spark maps. Why: Spark's row encoder takes Java arrays for array columns
     * but only Scala maps for map columns, and infer's classes use no Scala types.
     */
    Dataset<Row> finish(Dataset<Row> partitionOutput) {
        Dataset<Row> d = partitionOutput;
        for (int i = 0; i < columnNames.length; i++) {
            if (schema.field(i).type() == ResultType.SCORE_MAP) {
                d = d.withColumn(columnNames[i], functions.map_from_entries(functions.col(columnNames[i])));
            }
        }
        return d;
    }

    private StructType schema(StructType input, boolean mapsAsEntries) {
        List<StructField> fields = new ArrayList<>(List.of(input.fields()));
        List<String> added = new ArrayList<>(List.of(columnNames));
        added.add(errorColumn);
        for (String name : added) {
            for (StructField f : input.fields()) {
                if (f.name().equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("the input already has a column '" + f.name()
                            + "'; rename it (or choose another output/error column name)");
                }
            }
        }
        for (int i = 0; i < columnNames.length; i++) {
            ResultType type = schema.field(i).type();
            DataType spark = mapsAsEntries && type == ResultType.SCORE_MAP
                    ? DataTypes.createArrayType(LABEL_SCORE, false) : typeOf(type);
            fields.add(DataTypes.createStructField(columnNames[i], spark, true));
        }
        fields.add(DataTypes.createStructField(errorColumn, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    static DataType typeOf(ResultType type) {
        return switch (type) {
            case VECTOR -> DataTypes.createArrayType(DataTypes.FloatType, false);
            case TEXT -> DataTypes.StringType;
            case SCORE -> DataTypes.DoubleType;
            case SCORE_MAP -> DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
            case LABEL_SCORES -> DataTypes.createArrayType(LABEL_SCORE, false);
            case COUNT -> DataTypes.IntegerType;
            case FLAG -> DataTypes.BooleanType;
            case TEXT_LIST -> DataTypes.createArrayType(DataTypes.StringType, false);
            case SPANS -> DataTypes.createArrayType(SPAN, false);
        };
    }

    /** Writes the engine's values (or nulls) into {@code out} from {@code offset} on, then the error. */
    void fill(Object[] out, int offset, Object[] values, String error) {
        for (int i = 0; i < columnNames.length; i++) {
            out[offset + i] = values == null ? null : toSpark(schema.field(i).type(), values[i]);
        }
        out[offset + columnNames.length] = error;
    }

    private static Object toSpark(ResultType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case VECTOR, TEXT, FLAG -> value; // float[]: the encoder takes Java arrays, bit for bit
            case LABEL_SCORES -> structs(value);
            case SCORE_MAP -> entries(asMap(value));
            case SCORE -> ((Number) value).doubleValue();
            case COUNT -> ((Number) value).intValue();
            case TEXT_LIST -> ((List<?>) value).toArray(new String[0]);
            case SPANS -> spans(value);
        };
    }

    private static Row[] spans(Object value) {
        List<?> list = (List<?>) value;
        Row[] rows = new Row[list.size()];
        for (int i = 0; i < rows.length; i++) {
            Map<?, ?> m = (Map<?, ?>) list.get(i);
            rows[i] = RowFactory.create(m.get("label"), ((Number) m.get("score")).doubleValue(),
                    ((Number) m.get("start")).intValue(), ((Number) m.get("end")).intValue(), m.get("text"));
        }
        return rows;
    }

    private static Row[] structs(Object value) {
        List<?> list = (List<?>) value;
        Row[] rows = new Row[list.size()];
        for (int i = 0; i < rows.length; i++) {
            Map<?, ?> m = (Map<?, ?>) list.get(i);
            rows[i] = RowFactory.create(m.get("label"), ((Number) m.get("score")).doubleValue());
        }
        return rows;
    }

    private static Row[] entries(Map<String, Object> map) {
        Row[] rows = new Row[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            rows[i++] = RowFactory.create(e.getKey(), ((Number) e.getValue()).doubleValue());
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
