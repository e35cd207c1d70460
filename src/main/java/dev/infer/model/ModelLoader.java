package dev.infer.model;

import dev.infer.hub.HubCache;
import dev.infer.hub.HubEnvironment;
import dev.infer.hub.OnnxChoiceRule;
import dev.infer.hub.RepoFile;
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
        return load(ref, settings, maxLengthCap, null);
    }

    /**
     * @param hubCache the Hugging Face cache that hub names are looked up in, or {@code null} for the one the
     *                 environment names ({@code HF_HUB_CACHE}, {@code HF_HOME}, ...)
     */
    public static Model load(ModelRef ref, SessionSettings settings, Integer maxLengthCap, HubCache hubCache) {
        if (ref instanceof ModelRef.Embedded e) {
            return loadEmbedded(e.model(), settings, maxLengthCap);
        }
        if (ref instanceof ModelRef.Hub h) {
            return loadHub(h, hubCache != null ? hubCache : HubCache.of(HubEnvironment.fromSystem()), settings,
                    maxLengthCap);
        }
        return ModelFolder.open(((ModelRef.Folder) ref).dir(), ref.onnxFile()).load(settings, maxLengthCap);
    }

    /** Where a hub model lies in the local Hugging Face cache (never the network). */
    public static Path snapshotOf(ModelRef.Hub h) {
        return snapshot(h, HubCache.of(HubEnvironment.fromSystem())).dir();
    }

    /** The snapshot a hub model's revision means in a Hugging Face cache, with its commit. */
    public static HubSnapshot snapshot(ModelRef.Hub h, HubCache cache) {
        Path dir = cache.snapshot(h.repo(), h.revision(), h.display());
        return new HubSnapshot(h.repo(), h.revision(), dir.getFileName().toString(), dir);
    }

    /**
     * A hub model is a folder once found in the cache (a snapshot, read offline), named by its hub name; when the
     * repository is an embedded model's source, infer's record of that card fills what its files leave out.
     */
    private static Model loadHub(ModelRef.Hub h, HubCache cache, SessionSettings settings, Integer maxLengthCap) {
        HubSnapshot snapshot = snapshot(h, cache);
        String file = h.onnxFile();
        String reason = null;
        if (file == null) {
            // a snapshot downloaded by Python may hold every variant: pick as infer model pull picks
            List<RepoFile> local = OnnxChoice.candidates(snapshot.dir()).stream()
                    .map(p -> new RepoFile(p, -1, null)).toList();
            RepoFile pick = local.size() > 1 ? OnnxChoiceRule.choose(local) : null;
            if (pick != null) {
                file = pick.path();
                reason = OnnxChoiceRule.RULE;
            }
        }
        Model m = ModelFolder.open(snapshot.dir(), file).load(settings, maxLengthCap);
        ModelCard card = m.info().card();
        var known = EmbeddedModels.ofRepository(h.repo());
        if (known.isPresent()) {
            String files = card.source().equals(ModelCard.FILE) ? "its " + ModelCard.FILE + " leaves them out"
                    : "it has " + card.source();
            card = card.orElse(known.get().card(), "infer's record of " + h.repo() + "'s model card (" + files + ")");
        }
        return new Model(m.info().asHub(snapshot, card, reason), m.tokenizer(), m.session());
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
                            OutputKind.TOKEN_EMBEDDINGS, length, sensitive, pooling, ClassLabels.NONE, details,
                            em.card(), null);
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
