package dev.infer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic, review-like CSV corpus for benchmarks: {@code id,rating,text}.
 *
 * <p>Same {@code --rows} and {@code --seed} give the same bytes (java.util.Random has a specified
 * algorithm; nothing depends on the locale or the platform). Text lengths are log-normal around
 * ~40 words with a long tail: a few percent of rows are past 256 tokens. Texts contain commas,
 * double quotes, numbers, accented words, emoji and sometimes newlines; the vocabulary follows the
 * rating (1-2 mostly negative, 3 mixed, 4-5 mostly positive) so that sentiment classification is
 * meaningful.
 *
 * <pre>java dev.infer.bench.CorpusGenerator --rows 20000 --seed 42 --out corpus.csv</pre>
 */
public final class CorpusGenerator {

    /** Median of the log-normal word count. */
    static final double MEDIAN_WORDS = 40;
    /** Sigma of the log-normal word count (gives ~3% of rows past 256 tokens). */
    static final double SIGMA = 0.78;

    private static final String[] NOUNS = {
        "blender", "headphones", "charger", "kettle", "backpack", "lamp", "phone case", "keyboard",
        "coffee maker", "vacuum", "mattress", "jacket", "router", "toaster", "drill", "monitor",
        "water bottle", "frying pan", "tent", "speaker", "smartwatch", "desk chair", "umbrella",
        "cable", "battery pack", "air fryer", "camera", "book", "sofa", "pillow", "espresso machine",
        "rice cooker", "hair dryer", "mouse", "printer", "suitcase", "yoga mat", "thermostat",
    };
    private static final String[] POS_ADJ = {
        "great", "excellent", "sturdy", "reliable", "comfortable", "beautiful", "fantastic",
        "well made", "quiet", "fast", "solid", "lovely", "perfect", "impressive", "superb",
        "easy to use", "elegant", "durable", "worth every penny", "a joy to use",
    };
    private static final String[] NEG_ADJ = {
        "terrible", "flimsy", "useless", "disappointing", "cheap", "noisy", "broken", "awful",
        "overpriced", "unreliable", "uncomfortable", "poorly made", "slow", "defective", "horrible",
        "a waste of money", "frustrating", "mediocre", "fragile", "garbage",
    };
    private static final String[] INTENS = {
        "very", "really", "extremely", "quite", "super", "incredibly", "pretty", "absolutely",
        "rather", "surprisingly", "",
    };
    private static final String[] TIME_UNITS = {"days", "weeks", "months", "hours", "uses"};
    private static final String[] PEOPLE = {
        "wife", "husband", "son", "daughter", "mother", "father", "roommate", "boss", "neighbour",
        "grandmother", "kids", "partner", "colleague",
    };
    private static final String[] OCCASIONS = {
        "birthday", "Christmas", "anniversary", "graduation", "new apartment", "camping trip",
        "office", "road trip", "wedding", "housewarming",
    };
    private static final String[] ACCENTED = {
        "café", "naïve", "résumé", "jalapeño", "crème brûlée", "über", "façade", "déjà vu",
        "piñata", "fiancée", "Zürich", "São Paulo", "Müller", "smörgåsbord", "coöperate",
        "entrée", "cliché", "Ångström", "niño", "Crème fraîche",
    };
    private static final String[] POS_EMOJI = {"👍", "😍", "⭐⭐⭐⭐⭐", "🙂", "🔥", "❤️", "💯", "😊"};
    private static final String[] NEG_EMOJI = {"👎", "😡", "🙄", "😞", "💩", "🤬", "😤", "⭐"};
    private static final String[] FILLER = {
        "To be honest,", "Overall,", "In short,", "Long story short,", "Update:", "Edit:",
        "For what it's worth,", "FWIW,", "Honestly,", "That said,", "Anyway,", "Note:",
    };
    private static final String[] QUOTES = {
        "premium quality", "as seen on TV", "lifetime warranty", "eco-friendly", "military grade",
        "waterproof", "next day delivery", "100% satisfaction", "professional grade",
    };
    private static final String[] STORES = {"Amazon", "the local store", "eBay", "Walmart", "the outlet"};
    private static final String[] DAYS = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    private final Random rnd;

    CorpusGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        long rows = 20_000;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: CorpusGenerator --rows N --seed S --out FILE.csv");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.csv is required");
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
            new CorpusGenerator(seed).write(w, rows);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.err.printf(Locale.ROOT, "wrote %d rows to %s (%d bytes)%n", rows, out, Files.size(out));
    }

    /** The next row's rating and text, drawn as {@link #write} draws them. */
    String[] nextRow() {
        int rating = rating();
        StringBuilder sb = new StringBuilder(512);
        review(sb, rating);
        return new String[] {Integer.toString(rating), sb.toString()};
    }

    /** Writes the header and {@code rows} rows. */
    void write(Writer w, long rows) throws IOException {
        w.write("id,rating,text\n");
        StringBuilder sb = new StringBuilder(4096);
        for (long id = 1; id <= rows; id++) {
            int rating = rating();
            sb.setLength(0);
            review(sb, rating);
            w.write(Long.toString(id));
            w.write(',');
            w.write(Integer.toString(rating));
            w.write(',');
            w.write(csvField(sb.toString()));
            w.write('\n');
        }
    }

    /** RFC 4180 quoting: fields with a comma, quote, CR or LF are quoted and quotes are doubled. */
    static String csvField(String s) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!needs && !s.isEmpty() && s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' ') {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private int rating() {
        // Skewed like real review sites: many 5s and 1s.
        double u = rnd.nextDouble();
        if (u < 0.14) return 1;
        if (u < 0.23) return 2;
        if (u < 0.35) return 3;
        if (u < 0.55) return 4;
        return 5;
    }

    private int targetWords() {
        double w = Math.exp(Math.log(MEDIAN_WORDS) + SIGMA * rnd.nextGaussian());
        return (int) Math.max(3, Math.min(1500, Math.round(w)));
    }

    private void review(StringBuilder sb, int rating) {
        double pPositive = switch (rating) {
            case 1 -> 0.07;
            case 2 -> 0.22;
            case 3 -> 0.5;
            case 4 -> 0.8;
            default -> 0.93;
        };
        int target = targetWords();
        String noun = pick(NOUNS);
        boolean multiParagraph = target > 60 && rnd.nextDouble() < 0.25;
        int words = 0;
        int sentences = 0;
        while (words < target) {
            if (sentences > 0) {
                if (multiParagraph && rnd.nextDouble() < 0.18) {
                    sb.append(rnd.nextDouble() < 0.5 ? "\n\n" : "\n");
                } else {
                    sb.append(' ');
                }
            }
            int before = sb.length();
            boolean positive = rnd.nextDouble() < pPositive;
            double kind = rnd.nextDouble();
            if (kind < 0.12) {
                neutralSentence(sb, noun);
            } else if (positive) {
                positiveSentence(sb, noun);
            } else {
                negativeSentence(sb, noun);
            }
            if (rnd.nextDouble() < 0.06) {
                sb.append(' ').append(positive ? pick(POS_EMOJI) : pick(NEG_EMOJI));
            }
            words += countWords(sb, before);
            sentences++;
        }
        if (sentences > 0 && rnd.nextDouble() < 0.1) {
            sb.append(rating >= 4 ? " 5/5 would buy again!" : rating <= 2 ? " 1/5, avoid." : " 3/5.");
        }
        // Capitalize the first letter (the templates are written in lower case in places).
        if (sb.length() > 0 && Character.isLowerCase(sb.charAt(0))) {
            sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        }
    }

    private static int countWords(StringBuilder sb, int from) {
        int n = 0;
        boolean in = false;
        for (int i = from; i < sb.length(); i++) {
            boolean ws = Character.isWhitespace(sb.charAt(i));
            if (!ws && !in) n++;
            in = !ws;
        }
        return n;
    }

    private void positiveSentence(StringBuilder sb, String noun) {
        switch (rnd.nextInt(12)) {
            case 0 -> sb.append("The ").append(noun).append(" is ").append(intens()).append(pick(POS_ADJ)).append('.');
            case 1 -> sb.append("I love this ").append(noun).append(", ").append(intens()).append(pick(POS_ADJ))
                    .append(" for the price.");
            case 2 -> sb.append("Works ").append(pick("flawlessly", "perfectly", "great", "like a charm"))
                    .append(" after ").append(1 + rnd.nextInt(24)).append(' ').append(pick(TIME_UNITS)).append('.');
            case 3 -> sb.append(pick("Would definitely buy again!", "Highly recommended!", "Five stars!!",
                    "Best purchase this year.", "Exceeded my expectations.", "No complaints at all."));
            case 4 -> sb.append("My ").append(pick(PEOPLE)).append(" says it's \"").append(pick(POS_ADJ))
                    .append("\", and I agree.");
            case 5 -> sb.append("Got it for $").append(price()).append(" and it's ").append(pick(POS_ADJ))
                    .append(", much better than the one from ").append(pick(STORES)).append('.');
            case 6 -> sb.append(pick(FILLER)).append(" the ").append(noun).append(" feels ")
                    .append(intens()).append(pick(POS_ADJ)).append(" and ").append(pick(POS_ADJ)).append('.');
            case 7 -> sb.append("It makes my morning ").append(pick(ACCENTED)).append(" routine so much easier, ")
                    .append(pick("honestly", "really", "truly")).append('.');
            case 8 -> sb.append("Setup took ").append(1 + rnd.nextInt(15)).append(" minutes; instructions were ")
                    .append(pick("clear", "simple", "easy to follow")).append('.');
            case 9 -> sb.append("Battery lasts ").append(2 + rnd.nextInt(40)).append(" hours, which is ")
                    .append(pick(POS_ADJ)).append('.');
            case 10 -> sb.append("Happy with it, ").append(pick("no regrets", "works as described",
                    "arrived early", "looks even better in person")).append('!');
            default -> sb.append("Customer service was ").append(pick("helpful", "friendly", "quick", "kind"))
                    .append(" when I asked about the \"").append(pick(QUOTES)).append("\" claim.");
        }
    }

    private void negativeSentence(StringBuilder sb, String noun) {
        switch (rnd.nextInt(12)) {
            case 0 -> sb.append("The ").append(noun).append(" is ").append(intens()).append(pick(NEG_ADJ)).append('.');
            case 1 -> sb.append("It ").append(pick("broke", "stopped working", "started leaking", "died",
                    "fell apart", "overheated")).append(" after ").append(1 + rnd.nextInt(20)).append(' ')
                    .append(pick(TIME_UNITS)).append('.');
            case 2 -> sb.append("Don't waste your money on this ").append(noun).append('.');
            case 3 -> sb.append(pick("Returned it.", "Never again.", "Avoid!!", "One star is too many.",
                    "Very disappointed.", "Complete rip-off."));
            case 4 -> sb.append("The box says \"").append(pick(QUOTES)).append("\" but it's ")
                    .append(intens()).append(pick(NEG_ADJ)).append('.');
            case 5 -> sb.append("Paid $").append(price()).append(", asked for a refund ")
                    .append(2 + rnd.nextInt(4)).append(" times, still waiting.");
            case 6 -> sb.append(pick(FILLER)).append(" it's ").append(pick(NEG_ADJ)).append(", ")
                    .append(pick(NEG_ADJ)).append(" and not worth it.");
            case 7 -> sb.append("Customer service was ").append(pick("rude", "useless", "slow", "unreachable"))
                    .append("; ticket #").append(10000 + rnd.nextInt(90000)).append(" is still open.");
            case 8 -> sb.append("The smell is like burnt ").append(pick(ACCENTED)).append(", ")
                    .append(pick("seriously", "no joke", "not kidding")).append('.');
            case 9 -> sb.append("My ").append(pick(PEOPLE)).append(" called it \"").append(pick(NEG_ADJ))
                    .append("\" within a day.");
            case 10 -> sb.append("Only ").append(1 + rnd.nextInt(9)).append(" out of 10 worked, the rest were ")
                    .append(pick(NEG_ADJ)).append('.');
            default -> sb.append("Instructions were ").append(pick("confusing", "missing", "in the wrong language"))
                    .append(" and the ").append(noun).append(" is ").append(pick(NEG_ADJ)).append('.');
        }
    }

    private void neutralSentence(StringBuilder sb, String noun) {
        switch (rnd.nextInt(6)) {
            case 0 -> sb.append("It arrived on ").append(pick(DAYS)).append(", ").append(1 + rnd.nextInt(10))
                    .append(" days after ordering.");
            case 1 -> sb.append("I bought the ").append(noun).append(" for my ").append(pick(PEOPLE)).append("'s ")
                    .append(pick(OCCASIONS)).append('.');
            case 2 -> sb.append("It measures ").append(5 + rnd.nextInt(60)).append(" x ").append(5 + rnd.nextInt(60))
                    .append(" cm and weighs ").append(String.format(Locale.ROOT, "%.1f", 0.2 + rnd.nextDouble() * 9))
                    .append(" kg.");
            case 3 -> sb.append("We used it at the ").append(pick(ACCENTED)).append(" in ")
                    .append(pick("Zürich", "Montréal", "São Paulo", "Kraków", "Málaga", "Reykjavík")).append('.');
            case 4 -> sb.append("Model number ").append((char) ('A' + rnd.nextInt(26))).append('-')
                    .append(100 + rnd.nextInt(900)).append(", version ").append(1 + rnd.nextInt(4)).append('.')
                    .append(rnd.nextInt(10)).append('.');
            default -> sb.append("Colour: ").append(pick("black", "white", "grey", "navy", "olive"))
                    .append(", size ").append(pick("S", "M", "L", "XL", "one size")).append('.');
        }
    }

    private String price() {
        int dollars = 5 + rnd.nextInt(400);
        return dollars + "." + pick("99", "95", "00", "49");
    }

    private String intens() {
        String s = pick(INTENS);
        return s.isEmpty() ? s : s + " ";
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }
}
