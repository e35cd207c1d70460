package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's nightly recipe, run as written, over two "nights" with a changed export. */
class NightlyRecipeIT {
    @TempDir
    Path dir;

    /** The shell lines between the README's nightly-recipe markers. */
    static String recipe() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- nightly-recipe -->");
        int end = readme.indexOf("<!-- /nightly-recipe -->");
        assertTrue(start >= 0 && end > start, "README has the nightly recipe block");
        String block = readme.substring(start, end);
        return block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));
    }

    @Test
    void twoNightsWithAChangedExportMatchAFreshRun() throws Exception {
        String night = recipe() + "echo \"night-exit=$?\" >&2\n";
        List<String> monday = Corpus.texts(12, 1);
        Infer.write(dir, "export.csv", Corpus.csv(monday) + "12,\"broken quote\n");

        ProcessResult first = Infer.shell(dir, night);
        assertTrue(first.stderr().contains("night-exit=0"), first.stderr());
        String mondayLabels = Files.readString(dir.resolve("labeled.csv"));
        assertEquals(1, Files.readAllLines(dir.resolve("rejects.jsonl")).size(), "the broken row is a reject");

        ProcessResult again = Infer.shell(dir, night);
        assertTrue(again.stderr().contains("nothing to resume: labeled.csv is already complete"), again.stderr());
        assertTrue(again.stderr().contains("night-exit=0"), again.stderr());
        assertEquals(mondayLabels, Files.readString(dir.resolve("labeled.csv")));

        List<String> tuesday = Corpus.texts(15, 2);
        Infer.write(dir, "export.csv", Corpus.csv(tuesday));
        ProcessResult second = Infer.shell(dir, night + "infer classify --in export.csv --out fresh.csv -q\n");
        assertTrue(second.stderr().contains(
                "labeled.csv is complete but out of date (the input file changed); running afresh and replacing it"),
                second.stderr());
        assertTrue(second.stderr().contains("night-exit=0"), second.stderr());
        assertEquals(Files.readString(dir.resolve("fresh.csv")), Files.readString(dir.resolve("labeled.csv")),
                "the second night's output is today's, exactly as a fresh run writes it");
        assertEquals(16, Files.readAllLines(dir.resolve("labeled.csv")).size());
        assertEquals(0, Files.size(dir.resolve("rejects.jsonl")), "no rejects tonight: yesterday's are gone");
        assertEquals(15, new ObjectMapper().readTree(dir.resolve("run.json").toFile()).get("rows_read").asInt());
    }
}
