package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cancelled handle reaches ONNX Runtime: the call it runs ends with ORT's terminate error instead of a
 * result, and after a reset the same handle runs calls again. The cancel lands before the call starts,
 * so nothing here depends on how long a call takes (a stop or timeout from another thread sets the same flag).
 */
class ModelSessionCancelTest {

    @Test
    void aCancelledHandleEndsTheCallInsideOnnxRuntimeAndAResetOneRuns() throws Exception {
        byte[] onnx;
        try (InputStream in = ModelSessionCancelTest.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            onnx = in.readAllBytes();
        }
        List<Encoded> row = List.of(new Encoded(new long[] {101, 7592, 102}, new long[3], false));
        try (ModelSession session = ModelSession.fromBytes(onnx, "minilm", new SessionSettings(1, false));
             Cancellation cancel = Cancellation.create()) {
            cancel.cancel();
            assertTrue(cancel.cancelled());
            OrtException e = assertThrows(OrtException.class,
                    () -> session.run(row, "last_hidden_state", cancel, (data, shape) -> shape));
            assertTrue(e.getMessage().contains("terminate"), e.getMessage());

            cancel.reset();
            assertFalse(cancel.cancelled());
            long[] shape = session.run(row, "last_hidden_state", cancel, (data, s) -> s);
            assertEquals(List.of(1L, 3L, 384L), List.of(shape[0], shape[1], shape[2]));
        }
    }
}
