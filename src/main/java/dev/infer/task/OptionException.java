package dev.infer.task;

import java.util.function.UnaryOperator;

/**
 * A task option that does not fit (a wrong value, or an option the model cannot use). The message
 * names the option through a placeholder, so each front end shows it its own way: the CLI as
 * {@code --labels}, the server as its JSON field.
 */
public final class OptionException extends IllegalArgumentException implements dev.infer.OptionText.Mentions {
    private final String option;
    private final String template;

    /**
     * @param option   the option's neutral name, e.g. {@code labels} or {@code multi-label}
     * @param template the sentence, with its first {@code {}} where the option's name goes (later ones are text)
     */
    public OptionException(String option, String template) {
        super(named(template, option));
        this.option = option;
        this.template = template;
    }

    public String option() {
        return option;
    }

    /** The message with the option named by {@code nameOf} (e.g. {@code o -> "--" + o}). */
    @Override
    public String render(UnaryOperator<String> nameOf) {
        return named(template, nameOf.apply(option));
    }

    private static String named(String template, String name) {
        int at = template.indexOf("{}");
        return at < 0 ? template : template.substring(0, at) + name + template.substring(at + 2);
    }
}
