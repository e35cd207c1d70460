package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads a model once from what a {@link ModelRef} names: an embedded model, a model folder, or a hub model's
 * snapshot in the local Hugging Face cache (loaded as a folder).
 */
public final class ModelLoader {
    public static final String DEFAULT = EmbeddedModels.DEFAULT;
    private static final String TOKEN_OUTPUT = "last_hidden_state";

    private ModelLoader() {
    }

    /** The classpath resources an embedded model is made of (for {@link ModelIdentity}). */
    static List<String> resources(EmbeddedModel m) {
        return List.of("/" + m.onnxResource(), "/" + m.tokenizerResource());
    }

    /**
     * @param spec      an embedded model's name, "default" or a model folder
     * @param modelFile the ONNX file to pick inside a folder, or {@code null} to choose
     */
    public static Model load(String spec, String modelFile, SessionSettings settings) {
        return load(spec, modelFile, settings, null);
    }

    /**
     * @param maxLengthCap tokens per row to cut at instead of the model's own max length, or {@code null}
     */
    public static Model load(String spec, String modelFile, SessionSettings settings, Integer maxLengthCap) {
        return load(ModelRef.parse(spec, modelFile, null), settings, maxLengthCap);
    }

    /**
     * @param maxLengthCap tokens per row to cut at instead of the model's own max length, or {@code null}
     */
    public static Model load(ModelRef ref, SessionSettings settings, Integer maxLengthCap) {
        if (ref instanceof ModelRef.Embedded e) {
            return loadEmbedded(e.model(), settings, maxLengthCap);
        }
        // A hub model is a folder once found in the cache: a snapshot, read offline.
        Path dir = ref instanceof ModelRef.Hub h ? snapshotOf(h) : ((ModelRef.Folder) ref).dir();
        return ModelFolder.open(dir, ref.onnxFile()).load(settings, maxLengthCap);
    }

    /** Where a hub model lies in the local Hugging Face cache (never the network). */
    public static Path snapshotOf(ModelRef.Hub h) {
        var cache = dev.infer.hub.HubCache.of(dev.infer.hub.HubEnvironment.fromSystem());
        return cache.snapshot(h.repo(), h.revision(), h.display());
    }

    private static Model loadEmbedded(EmbeddedModel em, SessionSettings settings, Integer cap) {
        MaxLength maxLength = new MaxLength(em.maxLength(), em.maxLengthSource());
        if (cap != null) {
            if (cap > em.positions()) {
                throw new ModelException("{{max-length}} " + cap + " is more than " + em.name() + " can take ("
                        + em.positions() + " positions)");
            }
            maxLength = new MaxLength(cap, "--max-length (" + em.name() + "'s own: " + em.maxLength() + ")");
        }
        EmbeddedOnnx onnx = new EmbeddedOnnx("/" + em.onnxResource());
        // The facts are recorded with the model (EmbeddedModelFactsTest checks them): no Java parse at start.
        TokenizerFile tokenizerFile = TokenizerFile.unparsed(readResource("/" + em.tokenizerResource()),
                "the embedded " + em.tokenizerResource(), em.tokenizerFacts());
        int length = maxLength.value();
        String lengthSource = maxLength.source();
        TextTokenizer tokenizer = tokenizerFile.open(length);
        return Model.assemble(tokenizer, () -> onnx.open("the embedded model " + em.name(), settings),
                session -> {
                    // Recorded with the model (EmbeddedModelFactsTest checks it): the probe would cost every start.
                    boolean sensitive = em.batchSensitive();
                    PoolingPlan pooling = new PoolingPlan(Pooling.MEAN, em.poolingSource(), TOKEN_OUTPUT, null);
                    ModelDetails details = new ModelDetails("embedded in the infer jar (" + em.title() + ", from "
                            + em.artifact() + ")", List.of(em.onnxResource()), lengthSource, tokenizerFile.facts(),
                            null, Map.of(em.onnxResource(), onnx.size()));
                    return new ModelInfo(em.name(), em.onnxResource() + " (embedded)", TOKEN_OUTPUT,
                            OutputKind.TOKEN_EMBEDDINGS, length, sensitive, pooling, ClassLabels.NONE, details);
                });
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ModelLoader.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is missing from the jar");
        }
        return in;
    }

    private static byte[] readResource(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded model", e);
        }
    }
}
