package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * infer's Spark classes must not mention a Scala type anywhere (superclasses, fields, method
 * descriptors, calls): Scala's library differs between Scala 2.12 and 2.13 builds of Spark, so one jar
 * serves both (and Spark 4) only if it talks to Spark through its Java API alone.
 */
class NoScalaTypesTest {
    private static final Path CLASSES = Path.of("target/classes/dev/infer/spark");

    @Test
    void compiledSparkClassesReferenceNoScalaTypes() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.list(CLASSES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                try (InputStream in = Files.newInputStream(f)) {
                    for (String s : utf8Constants(in)) {
                        if (s.contains("scala/") || s.startsWith("scala.")) {
                            offenders.add(f.getFileName() + ": " + s);
                        }
                    }
                }
            }
        }
        assertTrue(scanned >= 8, "expected the compiled dev.infer.spark classes under " + CLASSES);
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanFindsAScalaReferenceWhenThereIsOne() throws IOException {
        // A Spark class that does use Scala types, so the scanner is known to see them.
        try (InputStream in = org.apache.spark.sql.Dataset.class.getResourceAsStream("Dataset.class")) {
            assertTrue(utf8Constants(in).stream().anyMatch(s -> s.contains("scala/")));
        }
    }

    /** Every CONSTANT_Utf8 of a class file: class names, descriptors and signatures all live there. */
    static List<String> utf8Constants(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // longs and doubles take two slots
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }
}
