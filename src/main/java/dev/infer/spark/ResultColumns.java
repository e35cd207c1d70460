package dev.infer.spark;

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
 * The Spark types of a task's result fields, and the conversion of the engine's values into them:
 * embedding {@code array<float>}, label string, score double, scores {@code map<string,double>},
 * top_k and labels {@code array<struct<label,score>>}, tokens int, truncated boolean, plus the error
 * column (string, null when the row is fine).
 */
final class ResultColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    static final StructType LABEL_SCORE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false)));

    private final String[] engineNames;
    private final String[] columnNames;
    private final String errorColumn;

    /**
     * @param resultFields the task's result field names, in order
     * @param mainRename   new name of the first (main) result column, or null
     */
    ResultColumns(List<String> resultFields, String mainRename, String errorColumn) {
        this.engineNames = resultFields.toArray(new String[0]);
        this.columnNames = engineNames.clone();
        if (mainRename != null) {
            columnNames[0] = mainRename;
        }
        this.errorColumn = errorColumn;
    }

    int size() {
        return engineNames.length;
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
        for (int i = 0; i < engineNames.length; i++) {
            if (isMap(engineNames[i])) {
                d = d.withColumn(columnNames[i], functions.map_from_entries(functions.col(columnNames[i])));
            }
        }
        return d;
    }

    private static boolean isMap(String field) {
        return field.equals("scores");
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
        for (int i = 0; i < engineNames.length; i++) {
            DataType type = mapsAsEntries && isMap(engineNames[i])
                    ? DataTypes.createArrayType(LABEL_SCORE, false) : typeOf(engineNames[i]);
            fields.add(DataTypes.createStructField(columnNames[i], type, true));
        }
        fields.add(DataTypes.createStructField(errorColumn, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    static DataType typeOf(String field) {
        return switch (field) {
            case "embedding" -> DataTypes.createArrayType(DataTypes.FloatType, false);
            case "label" -> DataTypes.StringType;
            case "score" -> DataTypes.DoubleType;
            case "scores" -> DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
            case "top_k", "labels" -> DataTypes.createArrayType(LABEL_SCORE, false);
            case "tokens" -> DataTypes.IntegerType;
            case "truncated" -> DataTypes.BooleanType;
            default -> throw new IllegalStateException("no Spark type for result field '" + field + "'");
        };
    }

    /** Writes the engine's values (or nulls) into {@code out} from {@code offset} on, then the error. */
    void fill(Object[] out, int offset, Object[] values, String error) {
        for (int i = 0; i < engineNames.length; i++) {
            out[offset + i] = values == null ? null : toSpark(engineNames[i], values[i]);
        }
        out[offset + engineNames.length] = error;
    }

    private static Object toSpark(String field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case "embedding" -> value; // float[]: the encoder takes Java arrays, bit for bit
            case "top_k", "labels" -> structs(value);
            case "scores" -> entries(asMap(value));
            case "score" -> ((Number) value).doubleValue();
            case "tokens" -> ((Number) value).intValue();
            default -> value;
        };
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
