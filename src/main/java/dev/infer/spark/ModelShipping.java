package dev.infer.spark;

import dev.infer.hub.HubCache;
import dev.infer.hub.HubEnvironment;
import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.job.PreparedJob;
import dev.infer.model.HubSnapshot;
import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
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
        PreparedJob prepared = prepared(o);
        JobSpec job = prepared.spec();
        ModelRef ref = job.modelRef();
        if (ref instanceof ModelRef.Embedded || sc.isLocal() || !sc.getConf().getBoolean(SHIP_CONF, true)) {
            return;
        }
        String name = archiveName(job);
        Path archive = Path.of(SparkFiles.getRootDirectory()).resolve(name + ".zip");
        if (Files.notExists(archive)) { // else packed earlier in this application
            pack(ref, prepared, archive, name);
        }
        // SQL's ADD ARCHIVE rather than SparkContext.addArchive: Spark 4 gives each session its own files, and a
        // SQL command runs as the session, so its jobs' tasks find the archive; Spark 3.5 does the same either way.
        // (Added again, Spark keeps the first and says so in its log.)
        session.sql("ADD ARCHIVE '" + archive.toUri() + "#" + name + "'");
    }

    /**
     * A folder packs as it lies; a hub model as a Hugging Face cache holding that one snapshot (and the ref
     * naming it), so an executor loads it by its hub name as the driver did, card and all.
     */
    private static void pack(ModelRef ref, PreparedJob prepared, Path archive, String name) {
        try {
            Path tmp = Files.createTempFile(archive.getParent(), name, ".tmp");
            if (ref instanceof ModelRef.Hub h) {
                HubSnapshot s = ModelLoader.snapshot(h, HubCache.of(HubEnvironment.fromSystem()));
                String repo = new HubCache(Path.of("")).repoFolder(h.repo()).toString();
                Map<String, String> refs = s.revision().equals(s.commit()) ? Map.of()
                        : Map.of(repo + "/refs/" + s.revision(), s.commit());
                ModelArchive.write(s.dir(), prepared.model().info(), repo + "/snapshots/" + s.commit() + "/", refs, tmp);
            } else {
                ModelArchive.write(((ModelRef.Folder) ref).dir(), prepared.model().info(), "", Map.of(), tmp);
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the model " + ref + " for the executors: " + e.getMessage(), e);
        }
    }

    private static PreparedJob prepared(InferOptions o) {
        try {
            return ExecutorModels.prepare(o); // loaded already: Infer built the result columns from it
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the " + o.task() + " task: " + e.getMessage(), e);
        }
    }

    /** Loads the model of {@code job} in this JVM: from the shipped copy when there is one. Says so on stderr. */
    static Model load(JobSpec job, SessionSettings session) {
        ExecutorEnvironment.prepare();
        ModelRef ref = job.modelRef();
        Path copy = shippedCopy(archiveName(job), ref);
        long started = System.nanoTime();
        Integer maxLength = job.options().get(EngineOptions.MAX_LENGTH);
        Model m = copy == null ? job.loadModel(session)
                : ref instanceof ModelRef.Hub ? ModelLoader.load(ref, session, maxLength, new HubCache(copy))
                : ModelLoader.load(new ModelRef.Folder(copy, ref.onnxFile()), session, maxLength);
        // One line per model and JVM: in an executor's log it shows (and tests count) that the model was
        // loaded once, and from where.
        String named = ref instanceof ModelRef.Embedded e ? e.model().name() : job.options().get(EngineOptions.MODEL);
        System.err.println(LOADED + named + (copy != null ? " from the copy shipped to this executor (" + copy + ")" : "")
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return m;
    }

    /**
     * The unpacked archive of this model among this JVM's Spark files, or null (none shipped, not in Spark).
     * Spark 3.5 unpacks it at the files' root; Spark 4 one level down, in the folder of the session that added
     * it, which its {@code SparkFiles.get} does not look into on an executor.
     */
    private static Path shippedCopy(String name, ModelRef ref) {
        if (ref instanceof ModelRef.Embedded || SparkEnv.get() == null) {
            return null; // SparkEnv is null before a session starts (InferJob checks the model first)
        }
        Path root = Path.of(SparkFiles.getRootDirectory());
        if (Files.isDirectory(root.resolve(name))) {
            return root.resolve(name);
        }
        try (Stream<Path> sessions = Files.list(root)) {
            return sessions.map(d -> d.resolve(name)).filter(Files::isDirectory).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The same on the driver and every executor: a hash of the model arguments as given. */
    static String archiveName(JobSpec job) {
        try {
            String spec = job.options().get(EngineOptions.MODEL) + "\u0000" + job.options().get(EngineOptions.MODEL_FILE);
            byte[] h = MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));
            return "infer-model-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
