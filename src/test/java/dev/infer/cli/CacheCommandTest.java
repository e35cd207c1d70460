package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class CacheCommandTest {
    @Test
    void agesAndSizesParseAsDocumented() {
        CacheCommand.AgeConverter age = new CacheCommand.AgeConverter();
        assertEquals(30L * 86_400, age.convert("30d"));
        assertEquals(12L * 3_600, age.convert("12h"));
        assertEquals(14L * 86_400, age.convert("2w"));
        assertEquals(90L * 60, age.convert("90m"));
        assertThrows(TypeConversionException.class, () -> age.convert("30"));
        assertThrows(TypeConversionException.class, () -> age.convert("-1d"));

        CacheCommand.SizeConverter size = new CacheCommand.SizeConverter();
        assertEquals(1L << 30, size.convert("1GB"));
        assertEquals(500L << 20, size.convert("500MB"));
        assertEquals(1536L, size.convert("1.5k"));
        assertEquals(1000L, size.convert("1000"));
        assertThrows(TypeConversionException.class, () -> size.convert("big"));
        assertEquals("1.5 KB", CacheCommand.bytes(1536));
        assertEquals("999 B", CacheCommand.bytes(999));
    }
}
