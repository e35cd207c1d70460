package dev.infer.task;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options a job was given, by key, each value checked against its {@link OptionSpec} when it was set; an
 * option not given has no entry (its task applies the default that fits the model). Immutable, comparable
 * ({@code equals}: the same options), serializable (it travels to Spark executors).
 */
public final class OptionValues implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final OptionValues NONE = new OptionValues(Map.of());

    private final Map<String, Object> values;

    private OptionValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value given, or null. */
    public <T> T get(OptionSpec<T> spec) {
        return spec.type().cast(values.get(spec.key()));
    }

    /** A flag: true when given. */
    public boolean isSet(OptionSpec<Boolean> flag) {
        return Boolean.TRUE.equals(values.get(flag.key()));
    }

    public boolean has(OptionSpec<?> spec) {
        return values.containsKey(spec.key());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The keys given, in the order they were set. */
    public java.util.Set<String> keys() {
        return values.keySet();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** The values as text, by key in sorted order: what a run's identity records. */
    public Map<String, String> asText() {
        Map<String, String> m = new TreeMap<>();
        values.forEach((k, v) -> m.put(k, text(v)));
        return m;
    }

    private static String text(Object v) {
        return v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return asText().toString();
    }

    /** Collects values, checking each as it is set. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        /** Sets a value (null removes it); a flag set to false is as if not given. */
        public <T> Builder set(OptionSpec<T> spec, T value) {
            if (value == null || (spec.flag() && Boolean.FALSE.equals(value))) {
                values.remove(spec.key());
            } else {
                values.put(spec.key(), spec.checked(value));
            }
            return this;
        }

        /** Sets a value from text, as the spec parses it. */
        public <T> Builder parse(OptionSpec<T> spec, String text) {
            return set(spec, text == null ? null : spec.parse(text));
        }

        /** Sets a value given as a plain Java object (a number of another width, a string for an enum). */
        public <T> Builder setObject(OptionSpec<T> spec, Object value) {
            if (value instanceof String s && spec.type() != String.class) {
                return parse(spec, s);
            }
            if (value instanceof Number n && spec.type() == Integer.class) {
                return set(spec, spec.type().cast(n.intValue()));
            }
            if (value instanceof Number n && spec.type() == Double.class) {
                return set(spec, spec.type().cast(n.doubleValue()));
            }
            if (value != null && !spec.type().isInstance(value)) {
                throw new OptionException(spec.key(), "{} takes " + spec.type().getSimpleName().toLowerCase(
                        java.util.Locale.ROOT) + " values (got " + value.getClass().getSimpleName() + " " + value + ")");
            }
            return set(spec, spec.type().cast(value));
        }

        public OptionValues build() {
            return new OptionValues(values);
        }
    }
}
