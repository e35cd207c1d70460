package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.TinyModels;
import dev.infer.testing.TinyModels.Options;
import dev.infer.testing.TinyModels.Pooling;
import dev.infer.testing.TinyModels.TokenEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infer serve} on a float model (not batch-sensitive): the inputs of requests that arrive while the
 * one worker is busy share its next model call, and every answer is its own input's (checked against the
 * model's math computed in Java). The worker is held at a gate on a marked text, so which inputs wait
 * together is decided by the test, never by timing. The batch-sensitive default keeps one input per call:
 * ServeIT holds its answers to the CLI's, bit for bit.
 */
class ServeBatchingIT {
    private static final String HOLD = "hold this call";
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    @Test
    void requestsWaitingForTheWorkerShareItsNextCallAndEachGetsItsOwnAnswer() throws Exception {
        TokenEmbedder m = TinyModels.tokenEmbedder(dir.resolve("fp32"), Options.defaults().withMaxSeqLength(64));
        Gate gate = Gate.onText(dir.resolve("gate"), HOLD);
        // texts of one length (3 words, 5 tokens): a call takes inputs of lengths close to its first one
        List<List<String>> requests = List.of(List.of("the cat sat"), List.of("a dog ran", "we like tea"),
                List.of("you read books"), List.of("they sing songs"), List.of("i am here", "he is there", "she was home"));
        try (Served s = Served.start(gate, "--model", m.dir().toString(), "--threads", "1")) {
            CompletableFuture<Served.Reply> held = s.postAsync("/embed", Served.inputs(List.of(HOLD)));
            gate.awaitHeld(1, s.process);
            List<CompletableFuture<Served.Reply>> replies = new ArrayList<>();
            for (List<String> texts : requests) {
                replies.add(s.postAsync("/embed", Served.inputs(texts)));
            }
            int waiting = requests.stream().mapToInt(List::size).sum();
            s.awaitMetric("infer_inputs_gathering", waiting, 120); // all tokenized, all waiting for the worker
            gate.open();
            assertEquals(200, held.join().status());
            try (HuggingFaceTokenizer t = TinyModels.referenceTokenizer(m.dir().resolve("tokenizer.json"), 64)) {
                for (int r = 0; r < requests.size(); r++) {
                    Served.Reply reply = replies.get(r).join();
                    assertEquals(200, reply.status(), reply.body());
                    JsonNode vectors = reply.json();
                    for (int i = 0; i < requests.get(r).size(); i++) {
                        float[] expected = m.expectedEmbedding(t.encode(requests.get(r).get(i)).getIds(), null,
                                Pooling.MEAN, true); // mean pooled and normalized, as serve answers /embed
                        JsonNode got = vectors.get(i);
                        assertEquals(expected.length, got.size());
                        for (int k = 0; k < expected.length; k++) {
                            assertEquals(expected[k], got.get(k).floatValue(), TOL, requests.get(r).get(i) + " [" + k + "]");
                        }
                    }
                }
            }
            assertEquals(2, s.metric("infer_inference_duration_seconds_count"), "the held call, then one for all");
            assertEquals(1 + waiting, s.metric("infer_inputs_inferred_total"));
            assertEquals(0, s.metric("infer_inputs_gathering"));
        }
    }
}
