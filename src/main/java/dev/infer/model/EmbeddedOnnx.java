package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * An ONNX file inside the jar, opened through the optimized-graph cache when it can be: then its 22+ MB are
 * not even read (the memoized hash and the jar entry's size say all that is needed).
 */
final class EmbeddedOnnx {
    private final String resource;

    EmbeddedOnnx(String resource) {
        this.resource = resource;
    }

    ModelSession open(String source, SessionSettings settings) {
        var cache = OptimizedGraphCache.standard();
        if (cache.isPresent()) {
            String sha;
            try {
                sha = ModelIdentity.hashResource(resource, WeightHashes.standard());
            } catch (IOException | RuntimeException e) {
                sha = null; // cannot identify the bytes: no cache this time
            }
            if (sha != null) {
                return cache.get().open(sha, this::bytes, source, settings);
            }
        }
        return ModelSession.fromBytes(bytes(), source, settings);
    }

    /** The file's size in bytes (from the jar's directory, without inflating the entry). */
    long size() {
        URL url = ModelLoader.class.getResource(resource);
        if (url != null) {
            try {
                long n = url.openConnection().getContentLengthLong();
                if (n >= 0) {
                    return n;
                }
            } catch (IOException e) {
                // fall through: count the bytes
            }
        }
        return bytes().length;
    }

    byte[] bytes() {
        try (InputStream in = ModelLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded model", e);
        }
    }
}
