package dev.infer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Corpora for the reuse benchmark ({@code scripts/bench --reuse}), {@code id,rating,text} like
 * {@link CorpusGenerator}, deterministic for a seed:
 * <ul>
 * <li>{@code unique.csv}: N generated rows (no repeats beyond chance);</li>
 * <li>{@code repeats30.csv}: N rows of which 30% repeat the text of a uniformly chosen earlier row;</li>
 * <li>{@code today.csv}: the N rows of {@code unique.csv} plus 5% new rows at random places (a nightly
 * export: yesterday's rows and a few new ones).</li>
 * </ul>
 *
 * <pre>java dev.infer.bench.ReuseCorpora --rows 20000 --seed 42 --dir target/bench/reuse</pre>
 */
public final class ReuseCorpora {
    private ReuseCorpora() {
    }

    public static void main(String[] args) throws IOException {
        int rows = 20_000;
        long seed = 42;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir DIR is required");
        }
        Files.createDirectories(dir);
        CorpusGenerator gen = new CorpusGenerator(seed);
        List<String[]> unique = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            unique.add(gen.nextRow());
        }
        write(dir.resolve("unique.csv"), unique);

        Random r = new Random(seed + 1);
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i < rows; i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        Set<Integer> repeats = new HashSet<>(order.subList(0, (int) Math.round(rows * 0.3)));
        List<String[]> repeated = new ArrayList<>(rows);
        int fresh = 0;
        for (int i = 0; i < rows; i++) {
            repeated.add(repeats.contains(i) ? repeated.get(r.nextInt(i)) : unique.get(fresh++));
        }
        write(dir.resolve("repeats30.csv"), repeated);

        CorpusGenerator news = new CorpusGenerator(seed + 7);
        List<String[]> today = new ArrayList<>(unique);
        int added = (int) Math.round(rows * 0.05);
        for (int i = 0; i < added; i++) {
            today.add(r.nextInt(today.size() + 1), news.nextRow());
        }
        write(dir.resolve("today.csv"), today);
        System.err.printf(Locale.ROOT, "wrote unique.csv (%d rows), repeats30.csv (%d rows, %d repeats),"
                + " today.csv (%d rows, %d new) to %s%n", rows, rows, repeats.size(), today.size(), added, dir);
    }

    private static void write(Path file, List<String[]> rows) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            w.write("id,rating,text\n");
            long id = 1;
            for (String[] row : rows) {
                w.write(Long.toString(id++));
                w.write(',');
                w.write(row[0]);
                w.write(',');
                w.write(CorpusGenerator.csvField(row[1]));
                w.write('\n');
            }
        }
    }
}
