package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every task of the registry has a route: TEI's where TEI has one, else POST /NAME. */
class ServeRoutesTest {

    @Test
    void everyRegisteredTaskIsServed() {
        for (TaskKind kind : TaskKinds.all()) {
            String path = "/" + kind.name();
            assertTrue(ServeRoutes.takesPost(path), path);
            assertEquals(path, ServeRoutes.label(path));
        }
        assertEquals(List.of("/classify"), ServeRoutes.TASKS, "embed and tokenize answer in TEI's shapes");
        assertFalse(ServeRoutes.takesGet("/classify"));
        assertTrue(ServeRoutes.summary().contains("/classify"));
        assertTrue(ServeRoutes.ALL.contains(new ServeRoutes.Route("POST", "/classify")));
    }
}
