package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry every front end reads: names, options declared once, values checked the same way. */
class TaskKindsTest {

    @Test
    void everyKindHasAUniqueNameAndDocumentedOptionsWithUniqueKeys() {
        Set<String> names = new HashSet<>();
        for (TaskKind kind : TaskKinds.all()) {
            assertTrue(names.add(kind.name()), kind.name());
            assertFalse(kind.summary().isBlank(), kind.name());
            assertFalse(kind.examples().isEmpty(), kind.name() + " has no example");
            Set<String> keys = new HashSet<>();
            for (OptionSpec<?> o : kind.options()) {
                assertTrue(keys.add(o.key()), kind.name() + " declares " + o.key() + " twice");
                assertFalse(o.description().isBlank(), o.key());
                assertTrue(o.flag() || o.label() != null, o.key() + " has no value label");
            }
        }
        assertEquals(List.of("embed", "classify", "tokenize"), TaskKinds.all().stream().map(TaskKind::name).toList());
    }

    @Test
    void anOptionTwoKindsShareIsOneDeclaration() {
        OptionSpec<?> embedPrefix = EmbedKind.INSTANCE.options().stream().filter(o -> o.key().equals("prefix"))
                .findFirst().orElseThrow();
        OptionSpec<?> classifyPrefix = ClassifyKind.INSTANCE.options().stream().filter(o -> o.key().equals("prefix"))
                .findFirst().orElseThrow();
        assertTrue(embedPrefix == classifyPrefix);
        assertEquals(1, TaskKinds.allOptions().stream().filter(o -> o.key().equals("prefix")).count());
    }

    @Test
    void anUnknownTaskIsOneSentenceListingTheTasks() {
        OptionException e = assertThrows(OptionException.class, () -> TaskKinds.named("summarize"));
        assertEquals("'summarize' is not an infer task (use embed, classify or tokenize)", e.getMessage());
        assertEquals(TaskKinds.named(" Embed "), EmbedKind.INSTANCE);
    }

    @Test
    void valuesAreCheckedByTheirSpecWhicheverWayTheyArrive() {
        OptionException typed = assertThrows(OptionException.class,
                () -> OptionValues.builder().set(TokenizeKind.MAX_TOKENS, 0));
        OptionException text = assertThrows(OptionException.class,
                () -> OptionValues.builder().parse(TokenizeKind.MAX_TOKENS, "0"));
        assertEquals(typed.getMessage(), text.getMessage());
        assertEquals("--max-tokens must be at least 1 (got 0)", typed.render(k -> "--" + k));
        assertEquals("maxTokens must be at least 1 (got 0)", typed.render(OptionSpec::camel));
        assertEquals("pooling must be mean, cls or max (got 'sum')", assertThrows(OptionException.class,
                () -> OptionValues.builder().parse(CommonOptions.POOLING, "sum")).getMessage());
        assertEquals("threshold must be between 0 and 1 (got 1.5)", assertThrows(OptionException.class,
                () -> OptionValues.builder().set(ClassifyKind.THRESHOLD, 1.5)).getMessage());
        assertEquals("dimensions must be a whole number (got 'many')", assertThrows(OptionException.class,
                () -> OptionValues.builder().parse(EmbedKind.DIMENSIONS, "many")).getMessage());
        assertEquals("all-scores is a flag: true or false (got 'maybe')", assertThrows(OptionException.class,
                () -> OptionValues.builder().parse(ClassifyKind.ALL_SCORES, "maybe")).getMessage());
    }

    @Test
    void valuesCompareAsTheOptionsGivenAndAFalseFlagIsNotGiven() {
        OptionValues a = OptionValues.builder().set(ClassifyKind.TOP_K, 2).set(ClassifyKind.ALL_SCORES, false).build();
        OptionValues b = OptionValues.builder().parse(ClassifyKind.TOP_K, "2").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.has(ClassifyKind.ALL_SCORES));
        assertEquals("{top-k=2}", a.asText().toString());
    }

    @Test
    void durationsParseAsTheCliDocumentsThem() {
        assertEquals(java.time.Duration.ofMillis(1500), OptionSpec.parseDuration("grace", "1.5s"));
        assertEquals(java.time.Duration.ofSeconds(5), OptionSpec.parseDuration("grace", "5"));
        assertEquals(java.time.Duration.ofMinutes(2), OptionSpec.parseDuration("grace", "2m"));
        assertEquals("grace must be a duration such as 500ms, 10s or 2m (got 'soon')", assertThrows(
                OptionException.class, () -> OptionSpec.parseDuration("grace", "soon")).getMessage());
    }
}
