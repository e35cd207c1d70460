package dev.infer.io;

import java.util.regex.Pattern;

/**
 * Jackson's parse messages, without the parts that speak of the library rather than the user's line:
 * feature names to enable, {@code [Source: ...]} locations, character codes.
 */
final class JacksonMessages {
    private static final Pattern ENABLE = Pattern.compile(":?\\s*enable `[^`]*` to allow");
    private static final Pattern FEATURE = Pattern.compile("\\s*\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)");
    private static final Pattern CODE = Pattern.compile("\\s*\\(code \\d+\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source: .*", Pattern.DOTALL);

    private JacksonMessages() {
    }

    static String clean(String message) {
        if (message == null) {
            return "";
        }
        String m = SOURCE.matcher(message).replaceAll("");
        m = ENABLE.matcher(m).replaceAll(" (not JSON)");
        m = FEATURE.matcher(m).replaceAll("");
        m = m.replace("maybe a (non-standard) comment?", "JSON has no comments");
        m = CODE.matcher(m).replaceAll("");
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }
}
