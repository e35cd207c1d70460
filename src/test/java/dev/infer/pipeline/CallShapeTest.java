package dev.infer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.model.Encoded;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What fits in one model call: rows, and padded tokens over every sequence a row brings. */
class CallShapeTest {
    private static Encoded tokens(int n) {
        return new Encoded(new long[n], new long[n], false);
    }

    @Test
    void aRowOfPartsCountsAsItsSequencesPaddedToTheLongest() {
        Encoded parts = Encoded.ofParts(List.of(tokens(3), tokens(2)));
        assertEquals(3, parts.length());
        assertEquals(2, parts.sequences());
        assertEquals(5, parts.tokens());
        CallShape shape = new CallShape(10, 6);
        assertTrue(shape.fits(parts));
        shape.add(parts); // 2 sequences x 3 tokens = 6
        assertFalse(shape.fits(tokens(1)), "a third sequence padded to 3 would make 9 > 6");
    }

    @Test
    void singleSequenceRowsFollowTheRowsAndTokensRule() {
        CallShape shape = new CallShape(2, 100);
        assertTrue(shape.fits(tokens(500)), "a first row always fits: it runs alone if it must");
        shape.add(tokens(10));
        assertTrue(shape.fits(tokens(50))); // 2 x 50 = 100
        assertFalse(shape.fits(tokens(51)));
        shape.add(tokens(50));
        assertFalse(shape.fits(tokens(1)), "two rows per call at most");
        shape.clear();
        assertTrue(shape.isEmpty());
    }
}
