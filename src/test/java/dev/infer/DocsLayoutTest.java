package dev.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README stays a five-minute page; every docs page has a table of contents; no link points nowhere. */
class DocsLayoutTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^(#{2,3}) (.+)$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void theReadmeIsAtMost300Lines() throws IOException {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= 300, "README.md has " + lines + " lines; move the detail to a docs/ page");
    }

    @Test
    void everyDocsPageListsEachOfItsSectionsInItsContents() throws IOException {
        for (Path page : pages()) {
            String text = Files.readString(page);
            int contents = text.indexOf("\n## Contents\n");
            assertTrue(contents > 0, page + " has a '## Contents' table");
            String toc = text.substring(contents, text.indexOf("\n## ", contents + 5));
            Matcher h = HEADING.matcher(text.substring(text.indexOf("\n## ", contents + 5)));
            while (h.find()) {
                if (h.group(1).length() == 2) {
                    assertTrue(toc.contains("(#" + anchor(h.group(2)) + ")"), page + ": contents lack " + h.group(2));
                }
            }
        }
    }

    @Test
    void everyRelativeLinkReachesAFileAndHeadingThatExist() throws IOException {
        List<Path> docs = new ArrayList<>(pages());
        docs.add(Path.of("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String link = m.group(1);
                if (link.startsWith("http://") || link.startsWith("https://")) {
                    continue;
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                Path target = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(doc + ": " + link + " (no such file)");
                } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(doc + ": " + link + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    private static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        Matcher h = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(Files.readString(file));
        while (h.find()) {
            out.add(anchor(h.group(1)));
        }
        return out;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to dashes. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
