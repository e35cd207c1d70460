package dev.infer.task;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One option, declared once for every front end: its neutral key ({@code max-tokens}), the type of its value,
 * how text becomes a value, the rule a value must meet, and its documentation. Each front end spells the key
 * its own way ({@link #cliName()} {@code --max-tokens}, {@link #camelName()} {@code maxTokens} for Spark) and
 * words the {@link OptionException}s that name it.
 *
 * @param key         the neutral name: lower case words joined by '-'
 * @param type        the value's type: String, Integer, Long, Double, Boolean (a flag: given means true), an
 *                    enum, or {@link java.time.Duration}
 * @param label       what a value looks like in help ({@code N}, {@code FILE}); ignored for flags
 * @param description what it does, in the CLI's words (help, man pages, the reference)
 * @param parser      text to value, throwing {@link OptionException} with a sentence for a bad value (for front
 *                    ends that take text: Spark's string options, the CLI's enums and durations)
 * @param check       the rule every value meets, whichever front end it came from (throws {@link OptionException})
 * @param defaultText the default as help shows it ({@code 8192}), or null when the default depends on the model
 * @param shortNames  the CLI's one-letter names ({@code -l}), if any
 */
public record OptionSpec<T>(String key, Class<T> type, String label, String description, Parser<T> parser,
                            Check<T> check, String defaultText, List<String> shortNames) implements Serializable {

    /** Text to value; throws {@link OptionException}. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(String text);
    }

    /** A rule for a value; throws {@link OptionException}. */
    @FunctionalInterface
    public interface Check<T> extends Serializable {
        void check(T value);

        static <T> Check<T> none() {
            return v -> { };
        }
    }

    public OptionSpec {
        if (!key.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("an option key is lower-case words joined by '-': " + key);
        }
        shortNames = List.copyOf(shortNames);
    }

    public boolean flag() {
        return type == Boolean.class;
    }

    /** {@code --max-tokens}. */
    public String cliName() {
        return "--" + key;
    }

    /** {@code maxTokens}: Spark's option and parameter names. */
    public String camelName() {
        return camel(key);
    }

    /** A key in camelCase: {@code max-tokens} is {@code maxTokens}. */
    public static String camel(String key) {
        StringBuilder s = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                s.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return s.toString();
    }

    public T parse(String text) {
        T value = parser.parse(text);
        check.check(value);
        return value;
    }

    /** Checks a value given as a Java object (Spark's typed setters, a record built in code). */
    public T checked(Object value) {
        T v = type.cast(value);
        check.check(v);
        return v;
    }

    // ---- builders for the common kinds ------------------------------------------------------------

    public static OptionSpec<String> text(String key, String label, String description) {
        return new OptionSpec<>(key, String.class, label, description, s -> s, Check.none(), null, List.of());
    }

    public static OptionSpec<Boolean> flag(String key, String description) {
        return new OptionSpec<>(key, Boolean.class, null, description, s -> parseBoolean(key, s), Check.none(), null,
                List.of());
    }

    /** A whole number that is at least {@code min}. */
    public static OptionSpec<Integer> atLeast(String key, int min, String label, String description) {
        return new OptionSpec<>(key, Integer.class, label, description, s -> parseInt(key, s), v -> {
            if (v != null && v < min) {
                throw new OptionException(key, "{} must be at least " + min + " (got " + v + ")");
            }
        }, null, List.of());
    }

    public static OptionSpec<Double> number(String key, String label, String description, Check<Double> check) {
        return new OptionSpec<>(key, Double.class, label, description, s -> parseDouble(key, s), check, null,
                List.of());
    }

    /** An enum value, by name in any case; a wrong one lists the choices. */
    public static <E extends Enum<E>> OptionSpec<E> choice(String key, Class<E> type, String label, String description) {
        return new OptionSpec<>(key, type, label, description, s -> parseChoice(key, type, s), Check.none(), null,
                List.of());
    }

    /** A duration such as 250ms, 10s, 1.5s or 2m (a bare number is seconds), at least 1 ms. */
    public static OptionSpec<java.time.Duration> duration(String key, String description) {
        return new OptionSpec<>(key, java.time.Duration.class, "DURATION", description, s -> parseDuration(key, s),
                Check.none(), null, List.of());
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    /** 250ms, 10s, 1.5s, 2m, 1h; a bare number is seconds. */
    public static java.time.Duration parseDuration(String key, String value) {
        java.util.regex.Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new OptionException(key, "{} must be a duration such as 500ms, 10s or 2m (got '" + value + "')");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        if (millis < 1) {
            throw new OptionException(key, "{} '" + value + "' is too short; use at least 1ms");
        }
        return java.time.Duration.ofMillis(Math.round(millis));
    }

    public OptionSpec<T> withDefault(String text) {
        return new OptionSpec<>(key, type, label, description, parser, check, text, shortNames);
    }

    public OptionSpec<T> withShortNames(String... names) {
        return new OptionSpec<>(key, type, label, description, parser, check, defaultText, List.of(names));
    }

    public OptionSpec<T> withParser(Parser<T> p) {
        return new OptionSpec<>(key, type, label, description, p, check, defaultText, shortNames);
    }

    static Boolean parseBoolean(String key, String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new OptionException(key, "{} is a flag: true or false (got '" + s + "')");
        };
    }

    static Integer parseInt(String key, String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new OptionException(key, "{} must be a whole number (got '" + s + "')");
        }
    }

    static Double parseDouble(String key, String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new OptionException(key, "{} must be a number (got '" + s + "')");
        }
    }

    static <E extends Enum<E>> E parseChoice(String key, Class<E> type, String s) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OptionException(key, "{} must be " + choices(type) + " (got '" + s + "')");
        }
    }

    /** "mean, cls or max". */
    public static String choices(Class<? extends Enum<?>> type) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
