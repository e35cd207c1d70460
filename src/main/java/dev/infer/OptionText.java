package dev.infer;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine messages name an option by its neutral key, written {@code {{model-file}}} in the message's template;
 * each front end spells it its own way: the CLI {@code --model-file}, Spark {@code modelFile}.
 */
public final class OptionText {
    private static final Pattern MENTION = Pattern.compile("\\{\\{([a-z0-9]+(?:-[a-z0-9]+)*)}}");

    private OptionText() {
    }

    /** {@code {{key}}} as a front end names the option. */
    public static String mention(String key) {
        return "{{" + key + "}}";
    }

    public static String render(String template, UnaryOperator<String> optionName) {
        Matcher m = MENTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(optionName.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The CLI's spelling, the messages' default wording (logs, exceptions printed as they are). */
    public static String cli(String template) {
        return render(template, k -> "--" + k);
    }

    /** An error whose message names options, so each front end can word it its own way. */
    public interface Mentions {
        /** The message, each option named by {@code optionName} (applied to the option's neutral key). */
        String render(UnaryOperator<String> optionName);
    }
}
