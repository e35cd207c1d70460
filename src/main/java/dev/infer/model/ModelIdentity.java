package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model computes, as one SHA-256: the bytes of every file a run reads (weights, tokenizer,
 * configs) and what infer made of them. Two folders holding the same files have the same identity; a
 * swapped {@code model.onnx} of the same name does not.
 *
 * @param digest hex SHA-256
 * @param label  a readable name: the folder and ONNX file, or the embedded model
 */
public record ModelIdentity(String digest, String label) {

    public static ModelIdentity of(ModelInfo info, WeightHashes hashes) {
        try {
            Map<String, String> parts = new TreeMap<>();
            var embedded = EmbeddedModels.of(info);
            if (embedded.isPresent()) {
                for (String resource : ModelLoader.resources(embedded.get())) {
                    parts.put("file " + resource, hashResource(resource, hashes));
                }
            } else {
                Path dir = info.folder();
                for (String name : info.details().fileSizes().keySet()) {
                    Path file = dir.resolve(name);
                    String hash = Files.size(file) > (1 << 20) ? hashes.of(file)
                            : WeightHashes.hash(() -> Files.newInputStream(file));
                    if (info.hub() != null) {
                        info.hub().checkBlob(name, hash);
                    }
                    parts.put("file " + name, hash);
                }
            }
            if (info.hub() != null) {
                // a new revision is a new model, even where its files are byte for byte the old ones
                parts.put("hub snapshot", info.hub().repo() + "@" + info.hub().commit());
            }
            parts.put("onnx file", info.onnxFile());
            parts.put("output", info.output() + " " + info.outputKind());
            parts.put("max length", Integer.toString(info.maxLength()));
            parts.put("labels", String.join("\u0000", info.labels().names()) + " " + info.labels().scoring()
                    + " " + info.labels().multiLabel());
            parts.put("pooling", String.valueOf(info.pooling().pooling()) + " " + info.pooling().tokenOutput());
            MessageDigest d = dev.infer.pipeline.RowKey.sha256();
            for (Map.Entry<String, String> e : parts.entrySet()) {
                d.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String label = embedded.isPresent() ? info.name() + " (" + info.onnxFile() + ")"
                    : info.hub() != null ? info.hub().repo() + "@" + info.hub().commit() + " (" + info.onnxFile() + ")"
                    : info.name() + "/" + info.onnxFile();
            return new ModelIdentity(HexFormat.of().formatHex(d.digest()), label);
        } catch (IOException e) {
            throw new ModelException("cannot read the model's files to identify it: " + e.getMessage());
        }
    }

    /** SHA-256 of a classpath resource, remembered by the jar's path, size and mtime. */
    static String hashResource(String resource, WeightHashes hashes) throws IOException {
        URL url = ModelLoader.class.getResource(resource);
        if (url == null) {
            throw new IOException("resource " + resource + " is missing from the jar");
        }
        WeightHashes.Opener open = () -> {
            InputStream in = ModelLoader.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the jar");
            }
            return in;
        };
        try {
            if (url.getProtocol().equals("jar")) {
                String s = url.getPath(); // file:/path/infer.jar!/resource
                Path jar = Path.of(new java.net.URI(s.substring(0, s.indexOf("!/"))));
                return hashes.ofEntry(jar, resource, open);
            }
            if (url.getProtocol().equals("file")) {
                return hashes.of(Path.of(url.toURI()));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a plain file: hash the stream itself
        }
        return WeightHashes.hash(open);
    }
}
