package dev.infer.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far a run to a file got, kept next to the output as {@code OUT.checkpoint}.
 *
 * <p>Written only after the output bytes it covers are flushed to disk, and replaced atomically, so
 * after any crash (kill -9 included) it describes a prefix of {@code OUT.partial}: a resumed run
 * truncates the partial file to {@code outputBytes} and goes on from row {@code rowsCommitted}.
 *
 * @param rowsCommitted input rows (from row 0) whose output is in the first {@code outputBytes} bytes
 * @param outputBytes   length of the durable prefix of the partial output file
 * @param input         fingerprint of the input file
 * @param identity      everything else that shapes the output: command, model, options
 */
public record Checkpoint(
        @JsonProperty("version") int version,
        @JsonProperty("rows_committed") long rowsCommitted,
        @JsonProperty("output_bytes") long outputBytes,
        @JsonProperty("input") String input,
        @JsonProperty("identity") Map<String, String> identity) {

    public static final int VERSION = 1;
    public static final String SUFFIX = ".checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Checkpoint {
        identity = new TreeMap<>(identity);
    }

    public static Path pathFor(Path output) {
        return output.resolveSibling(output.getFileName() + SUFFIX);
    }

    public Checkpoint at(long rows, long bytes) {
        return new Checkpoint(version, rows, bytes, input, identity);
    }

    /** Writes to a temp file, forces it to disk and renames it over the old checkpoint. */
    public void save(Path file) throws IOException {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw OutputFailure.of("checkpoint '" + file + "'", e);
        }
    }

    public static Optional<Checkpoint> load(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), Checkpoint.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InputException("cannot resume: checkpoint " + file + " is unreadable (" + JacksonMessages.clean(
                    e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + "); delete it to start over");
        }
    }

    /** The first difference between this run and the checkpointed one, in words, or empty if none. */
    public Optional<String> differenceFrom(String otherInput, Map<String, String> otherIdentity) {
        if (version != VERSION) {
            return Optional.of("the checkpoint was written by another version of infer");
        }
        return difference(input, identity, otherInput, otherIdentity);
    }

    /** The first difference between two runs (input fingerprint, then identity keys in order), in words. */
    static Optional<String> difference(String input, Map<String, String> identity, String otherInput,
                                       Map<String, String> otherIdentity) {
        if (!input.equals(otherInput)) {
            return Optional.of("the input file changed");
        }
        TreeMap<String, String> other = new TreeMap<>(otherIdentity);
        for (String key : new java.util.TreeSet<>(union(identity, other))) {
            String was = identity.get(key);
            String now = other.get(key);
            if (!java.util.Objects.equals(was, now)) {
                return Optional.of(key + " changed (was " + quote(was) + ", now " + quote(now) + ")");
            }
        }
        return Optional.empty();
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String quote(String v) {
        return v == null ? "unset" : "'" + v + "'";
    }
}
