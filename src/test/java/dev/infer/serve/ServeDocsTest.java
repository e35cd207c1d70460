package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/serve.md lists exactly the routes the server has and exactly the status codes its code can answer. */
class ServeDocsTest {
    private static final Path DOC = Path.of("docs/serve.md");

    /** Rows of the Routes section: "| `/a`, `/b` | POST |" or "| GET, HEAD |" or "| any |" (a refusal). */
    @Test
    void theRouteTableIsTheServersRouteTable() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n## Routes\n");
        String routesSection = doc.substring(start, doc.indexOf("\n## ", start + 1));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ((?:`/[^`]*`(?:, )?)+) \\| ([A-Za-z, ]+) \\|").matcher(routesSection);
        while (row.find()) {
            Matcher path = Pattern.compile("`(/[^`]*)`").matcher(row.group(1));
            while (path.find()) {
                for (String method : row.group(2).split(", ")) {
                    if (!method.equals("HEAD")) { // every GET route answers HEAD
                        documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.group(1));
                    }
                }
            }
        }
        Set<String> routes = ServeRoutes.ALL.stream().map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routes, documented, "docs/serve.md's route table against ServeRoutes.ALL");
    }

    /** Every status the serve package constructs an error with, read from its sources, is in the status table. */
    @Test
    void theStatusTableHoldsEveryErrorStatusTheCodeAnswers() throws IOException {
        Set<String> inCode = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/infer/serve"))) {
            for (Path f : files.toList()) {
                Matcher m = Pattern.compile("(?:ServeError\\(|validation\\()(\\d{3})").matcher(Files.readString(f));
                while (m.find()) {
                    inCode.add(m.group(1));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d{3})\\b").matcher(Files.readString(DOC));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(inCode, documented, "docs/serve.md's status table against the serve package's error statuses");
    }
}
