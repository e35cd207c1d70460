package dev.infer.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What produced a complete output file, kept next to it as {@code OUT.origin}: the input's
 * fingerprint, the run's identity (command, model, output-shaping options) and the row count.
 *
 * <p>Lets a re-run tell "this output is already today's" from "this output is yesterday's": a
 * {@code --resume} whose input and identity equal the origin's does nothing; any difference means the
 * output is stale and is rebuilt. The old origin is removed before a new output takes the final name,
 * so an origin never describes a file it did not produce (a crash in between just means "unknown,
 * rebuild").
 *
 * @param input    fingerprint of the input file ({@link InputFingerprint})
 * @param identity everything else that shapes the output bytes
 * @param rows     input rows the output holds
 */
public record OutputOrigin(
        @JsonProperty("version") int version,
        @JsonProperty("input") String input,
        @JsonProperty("identity") Map<String, String> identity,
        @JsonProperty("rows") long rows) {

    public static final int VERSION = 1;
    public static final String SUFFIX = ".origin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public OutputOrigin {
        identity = new TreeMap<>(identity);
    }

    public static Path pathFor(Path output) {
        return output.resolveSibling(output.getFileName() + SUFFIX);
    }

    /** The origin recorded for {@code output}, or empty if none (or it is unreadable: then nothing is known). */
    public static Optional<OutputOrigin> load(Path output) {
        try {
            return Optional.of(JSON.readValue(pathFor(output).toFile(), OutputOrigin.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** How this origin differs from a run with {@code otherInput} and {@code otherIdentity}, or empty if it does not. */
    public Optional<String> differenceFrom(String otherInput, Map<String, String> otherIdentity) {
        if (version != VERSION) {
            return Optional.of("it was written by another version of infer");
        }
        return Checkpoint.difference(input, identity, otherInput, otherIdentity);
    }

    /** Forgets what produced {@code output} (before it is replaced). */
    public static void remove(Path output) throws IOException {
        try {
            Files.deleteIfExists(pathFor(output));
        } catch (IOException e) {
            throw OutputFailure.of("'" + pathFor(output) + "'", e);
        }
    }

    /** Records this origin for {@code output}: temp file, forced to disk, renamed into place. */
    public void saveFor(Path output) throws IOException {
        Path file = pathFor(output);
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw OutputFailure.of("'" + file + "'", e);
        }
    }
}
