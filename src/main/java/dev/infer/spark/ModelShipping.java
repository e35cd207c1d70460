package dev.infer.spark;

import dev.infer.model.Model;
import dev.infer.model.ModelInfo;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Gets a folder or hub model to executors that share no file system with the driver: the driver, which has
 * already loaded the model, packs the files a run reads into one archive ({@link ModelArchive}) and hands it
 * to Spark (as an archive of the session); every executor fetches and unpacks it into its working folder
 * before its first task, and loads the model from that copy. Embedded models travel inside the jar.
 *
 * <p>Why an archive: {@code addFile} refuses local folders outside local mode, and a model is a folder. Why
 * always, not only when the path is missing: an executor cannot tell a shared folder from one that merely
 * has the same name. Local mode ships nothing (its executors are the driver's JVM), nor does
 * {@code --conf spark.infer.shipModel=false} (a folder every executor already reads, e.g. on NFS).
 *
 * <p>Both sides name the archive after the model argument alone, so the executors find the copy without
 * being told, and a model named twice in one application is shipped once.
 */
final class ModelShipping {
    /** The Spark conf that turns shipping off. */
    static final String SHIP_CONF = "spark.infer.shipModel";
    /** Starts the line each JVM prints when it loads a model (its executor log shows it once per model). */
    static final String LOADED = "infer: loaded model ";

    private ModelShipping() {
    }

    /**
     * On the driver, before the job runs: ships the model of {@code o} unless it is embedded, the master is
     * local or shipping is off.
     */
    static void ship(SparkSession session, InferOptions o) {
        SparkContext sc = session.sparkContext();
        ModelRef ref = o.modelRef();
        if (ref instanceof ModelRef.Embedded || sc.isLocal() || !sc.getConf().getBoolean(SHIP_CONF, true)) {
            return;
        }
        Path folder = ref instanceof ModelRef.Hub h ? ModelLoader.snapshotOf(h) : ((ModelRef.Folder) ref).dir();
        String name = archiveName(o);
        Path archive = Path.of(SparkFiles.getRootDirectory()).resolve(name + ".zip");
        if (Files.notExists(archive)) { // else packed earlier in this application
            pack(o, folder, archive, name);
        }
        // SQL's ADD ARCHIVE rather than SparkContext.addArchive: Spark 4 gives each session its own files, and a
        // SQL command runs as the session, so its jobs' tasks find the archive; Spark 3.5 does the same either way.
        // (Added again, Spark keeps the first and says so in its log.)
        session.sql("ADD ARCHIVE '" + archive.toUri() + "#" + name + "'");
    }

    private static void pack(InferOptions o, Path folder, Path archive, String name) {
        try {
            // What the driver loaded says which ONNX file, among a folder's, the executors need.
            ModelInfo info = ExecutorModels.prepare(o).model().info();
            Path tmp = Files.createTempFile(archive.getParent(), name, ".tmp");
            ModelArchive.write(folder, info, tmp);
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the model " + o.model() + " for the executors: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the model " + o.model() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the model of {@code o} in this JVM: from the shipped copy when there is one. Says so on stderr. */
    static Model load(InferOptions o) {
        ExecutorEnvironment.prepare();
        ModelRef ref = o.modelRef();
        Path copy = shippedCopy(o, ref);
        long started = System.nanoTime();
        Model m = ModelLoader.load(copy != null ? new ModelRef.Folder(copy, ref.onnxFile()) : ref,
                o.sessionSettings(), null);
        // One line per model and JVM: in an executor's log it shows (and tests count) that the model was
        // loaded once, and from where.
        System.err.println(LOADED + o.resolvedModel() + (copy != null ? " from the copy shipped to this executor (" + copy + ")" : "")
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return m;
    }

    /**
     * The unpacked archive of this model among this JVM's Spark files, or null (none shipped, not in Spark).
     * Spark 3.5 unpacks it at the files' root; Spark 4 one level down, in the folder of the session that added
     * it, which its {@code SparkFiles.get} does not look into on an executor.
     */
    private static Path shippedCopy(InferOptions o, ModelRef ref) {
        if (ref instanceof ModelRef.Embedded || SparkEnv.get() == null) {
            return null; // SparkEnv is null before a session starts (InferJob checks the model first)
        }
        Path root = Path.of(SparkFiles.getRootDirectory());
        String name = archiveName(o);
        if (Files.isDirectory(root.resolve(name))) {
            return root.resolve(name);
        }
        try (Stream<Path> sessions = Files.list(root)) {
            return sessions.map(d -> d.resolve(name)).filter(Files::isDirectory).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The same on the driver and every executor: a hash of the model argument as given. */
    static String archiveName(InferOptions o) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((o.model() + "\u0000" + o.modelFile())
                    .getBytes(StandardCharsets.UTF_8));
            return "infer-model-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
