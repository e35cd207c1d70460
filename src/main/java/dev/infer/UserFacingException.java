package dev.infer;

import java.util.function.UnaryOperator;

/**
 * A problem the user can fix, told in one sentence. Options it mentions are written {@code {{key}}} (see
 * {@link OptionText}): {@link #getMessage()} spells them as the CLI does, {@link #render} as another front end
 * does.
 */
public abstract class UserFacingException extends RuntimeException implements OptionText.Mentions {
    private final String template;

    protected UserFacingException(String template, Throwable cause) {
        super(OptionText.cli(template), cause);
        this.template = template;
    }

    @Override
    public String render(UnaryOperator<String> optionName) {
        return OptionText.render(template, optionName);
    }
}
