package dev.infer.cli;

import dev.infer.task.OptionException;
import dev.infer.task.OptionSpec;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations such as 250ms, 10s, 1.5s, 2m (a bare number is seconds), by the one rule the engine has. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return OptionSpec.parseDuration("duration", value);
        } catch (OptionException e) {
            throw new TypeConversionException(e.render(k -> "the value"));
        }
    }
}
