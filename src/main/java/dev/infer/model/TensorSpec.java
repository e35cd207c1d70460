package dev.infer.model;

import java.util.Arrays;

/** Name, element type and shape of a model input or output (-1 for a dynamic dimension). */
public record TensorSpec(String name, String type, long[] shape) {

    public String shapeText() {
        return Arrays.toString(shape).replace("-1", "?");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && type.equals(t.type) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + shapeText();
    }
}
