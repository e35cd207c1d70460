package dev.infer.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.infer.io.FloatText;
import java.io.IOException;

/**
 * How the server writes JSON: Jackson, with floats (vectors, scores) written as the CLI writes them, the
 * shortest text that reads back to the same float ({@link FloatText}), made without a String per float.
 * Jackson alone would use the running JDK's {@code Float.toString}, which on JDK 17 is sometimes a digit
 * longer than on JDK 19+ (values from about 3.4E7 up): the answers' bytes would then depend on the JDK that
 * runs infer. NaN and the infinities are left to Jackson, as before.
 */
final class ServeJson {
    private ServeJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule floats = new SimpleModule("infer-floats");
        floats.addSerializer(float[].class, new FloatArraySerializer());
        floats.addSerializer(Float.class, new FloatSerializer());
        return new ObjectMapper().registerModule(floats);
    }

    /** Writes f as JSON number text through chars (Jackson's raw number call); finite floats only. */
    private static void number(JsonGenerator g, float f, byte[] bytes, char[] chars) throws IOException {
        int n = FloatText.write(f, bytes, 0);
        for (int i = 0; i < n; i++) {
            chars[i] = (char) bytes[i];
        }
        g.writeNumber(chars, 0, n);
    }

    private static final class FloatArraySerializer extends JsonSerializer<float[]> {
        @Override
        public void serialize(float[] v, JsonGenerator g, SerializerProvider provider) throws IOException {
            byte[] bytes = new byte[FloatText.MAX_LENGTH];
            char[] chars = new char[FloatText.MAX_LENGTH];
            g.writeStartArray(v, v.length);
            for (float f : v) {
                if (Float.isFinite(f)) {
                    number(g, f, bytes, chars);
                } else {
                    g.writeNumber(f);
                }
            }
            g.writeEndArray();
        }
    }

    private static final class FloatSerializer extends JsonSerializer<Float> {
        @Override
        public void serialize(Float v, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (Float.isFinite(v)) {
                number(g, v, new byte[FloatText.MAX_LENGTH], new char[FloatText.MAX_LENGTH]);
            } else {
                g.writeNumber(v);
            }
        }
    }
}
