package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/infer as a user installs it: a symlink in a folder on PATH, called from anywhere, with two
 * runs racing to trigger the first build. The build is a stand-in mvn (it links the real jar into
 * place after a while, printing coloured output), so the test checks the launcher, not Maven. Also: its
 * JVM defaults and class-data archive change nothing a user sees, and a broken archive only costs speed.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void aSymlinkOnPathWorksFromAnyFolderAndConcurrentFirstBuildsAreSerialized() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("scripts"));
        Files.createDirectories(project.resolve("src/main"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        // older than the jar the stand-in build links into place, so that jar counts as fresh
        var longAgo = java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(project.resolve("pom.xml"), longAgo);
        Files.setLastModifiedTime(project.resolve("src/main"), longAgo);
        Path launcher = project.resolve("scripts/infer");
        Files.copy(Path.of("scripts/infer"), launcher);
        Path realJar = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar")).toAbsolutePath();
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, String.join("\n",
                "#!/usr/bin/env bash",
                "# a build that fails if another one is running in the same target/",
                "mkdir -p target",
                "if ! mkdir target/building 2>/dev/null; then echo 'concurrent build in target/' >&2; exit 1; fi",
                "echo started >> builds.log",
                "# the build lasts until the other launcher waits for the lock (a blocked flock shows as '->' in",
                "# /proc/locks): the test then proves the wait on any machine instead of hoping the runs overlap",
                "lock=$(stat -c %i target/.infer-build.lock)",
                "until grep -q -E \"^[0-9]+: -> FLOCK +ADVISORY +WRITE +[0-9]+ +[0-9a-f]+:[0-9a-f]+:$lock \" /proc/locks; do",
                "  sleep 0.05",
                "done",
                "printf '\\033[1;33m[WARNING]\\033[0m coloured maven output\\n'",
                "ln -f " + Infer.quote(realJar.toString()) + " target/infer-0.1.0.jar",
                "rmdir target/building",
                ""));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path userBin = Files.createDirectories(dir.resolve("home/bin"));
        Files.createSymbolicLink(userBin.resolve("infer"), launcher);
        Path elsewhere = Files.createDirectories(dir.resolve("somewhere/else"));

        ProcessResult r = Infer.shell(elsewhere, String.join("\n",
                "export PATH=" + Infer.quote(userBin + ":" + fakeBin) + ":$PATH",
                "command infer --version > one.out 2> one.err & a=$!", // the launcher on PATH, not the jar function
                "command infer --version > two.out 2> two.err & b=$!",
                "wait $a; echo \"one=$?\"; wait $b; echo \"two=$?\"",
                "cat one.err two.err"));
        // without the lock the second run would start a build of its own, see target/building and fail
        assertTrue(r.stdout().contains("one=0\ntwo=0\n"), r.stdout() + r.stderr());
        assertTrue(Files.readString(elsewhere.resolve("one.out")).startsWith("infer 0.1.0"));
        assertTrue(Files.readString(elsewhere.resolve("two.out")).startsWith("infer 0.1.0"));
        assertEquals(1, Files.readAllLines(project.resolve("builds.log")).size(), "one build, the other run waited");
        assertEquals(1, r.stdout().lines().filter(l -> l.startsWith("infer: building ")).count(), r.stdout());
        assertTrue(r.stdout().contains("[WARNING] coloured maven output"), r.stdout());
        assertFalse(r.stdout().contains("\u001b"), "no raw ANSI codes in the build messages: " + r.stdout());
        assertFalse(r.stdout().contains("concurrent build"), r.stdout());
    }

    /** A project folder with the launcher and sources older than any jar, so a jar there counts as fresh. */
    private Path project() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("scripts"));
        Files.createDirectories(project.resolve("src/main"));
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        var longAgo = java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(project.resolve("pom.xml"), longAgo);
        Files.setLastModifiedTime(project.resolve("src/main"), longAgo);
        Files.copy(Path.of("scripts/infer"), project.resolve("scripts/infer"));
        return project;
    }

    @Test
    void aJarThatABuildIsStillWritingIsNeverRun() throws Exception {
        Path project = project();
        Path jar = project.resolve("target/infer-0.1.0.jar");
        byte[] whole = Files.readAllBytes(JAR);
        String script = String.join("\n",
                "export INFER_NO_BUILD=1",
                "scripts/infer --version > out 2> err; echo \"$? $(head -c 9 out) $(cat err)\"");
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 2)); // what a build leaves mid-write
        ProcessResult half = Infer.shell(project, script);
        assertEquals("1  infer: " + jar + " is incomplete (is a build still writing it?); run infer again once the"
                + " build is done\n", half.stdout(), half.stderr());
        Files.write(jar, whole);
        ProcessResult done = Infer.shell(project, script);
        assertEquals("0 infer 0.1 \n", done.stdout(), done.stderr());
        Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 3)); // the next build starts writing
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        ProcessResult during = Infer.shell(project, script);
        assertEquals("0 infer 0.1 \n", during.stdout(), "the last complete copy runs: " + during.stderr());
    }

    @Test
    void aLauncherWaitingForAnotherBuildSaysSo() throws Exception {
        Path project = project();
        Files.copy(JAR, project.resolve("target/infer-0.1.0.jar"));
        ProcessResult r = Infer.shell(project, String.join("\n",
                "export INFER_NO_BUILD=1",
                "exec 8>target/.infer-build.lock; flock 8 # as a build in progress holds it",
                "scripts/infer --version > out 2> err 8>&- & pid=$! # its own lock, not a copy of ours",
                "until grep -q waiting err 2>/dev/null; do sleep 0.1; done # the event: its message",
                "exec 8>&- # the build is done",
                "wait $pid; echo \"status=$?\"; cat err"));
        assertEquals("status=0\ninfer: waiting for another build of infer to finish ...\n", r.stdout(), r.stderr());
    }

    private static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar")).toAbsolutePath();
    private static final Path ROOT = JAR.getParent().getParent();
    private static final Path ARCHIVE = ROOT.resolve("target/infer.jsa");
    private static final byte[] ROW = "{\"id\":1,\"text\":\"The launcher changes nothing you can see.\"}\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void itsJvmDefaultsChangeNoByteAndABrokenClassArchiveOnlyCostsSpeed() throws Exception {
        ProcessResult plain = Infer.runWithInput(ROW, "embed");
        assertEquals(0, plain.exitCode(), plain.stderr());

        ProcessResult launched = launcher(ROW, "embed");
        assertEquals(0, launched.exitCode(), launched.stderr());
        assertEquals(plain.stdout(), launched.stdout(), "the launcher's JVM defaults change no output byte");
        assertTrue(Files.size(ARCHIVE) > 0, "the launcher made its class-data archive");
        assertFalse(launched.stderr().contains("cds"), launched.stderr());

        // An archive that is not one (a foreign JDK's, a truncated file): skipped without a word.
        Files.write(ARCHIVE, "not an archive".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setLastModifiedTime(ARCHIVE, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() + 1000));
        try {
            ProcessResult broken = launcher(ROW, "embed");
            assertEquals(0, broken.exitCode(), broken.stderr());
            assertEquals(plain.stdout(), broken.stdout());
            assertFalse(broken.stderr().contains("warning"), broken.stderr());
        } finally {
            Files.deleteIfExists(ARCHIVE); // the next launcher run makes a good one again
        }
    }

    /** A JDK 25 or later under /usr/lib/jvm, as the launcher looks for one, or null. */
    private static Path jdk25() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var dirs = Files.list(jvms)) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                Path release = d.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(d.resolve("bin/java"))) {
                    var m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void withTheAheadOfTimeCacheAskedForButNoJdk25TheJdk17PathRunsAsBefore() throws Exception {
        ProcessResult plain = Infer.runWithInput(ROW, "embed");
        Path noJdks = Files.createDirectories(dir.resolve("no-jdks"));
        var env = java.util.Map.of("INFER_AOT", "on", "INFER_JVM_DIR", noJdks.toString());
        ProcessResult launched = launcher(ROW, env, "embed");
        assertEquals(0, launched.exitCode(), launched.stderr());
        assertEquals(plain.stdout(), launched.stdout());
        ProcessResult version = launcher(new byte[0], env, "--version");
        assertTrue(version.stdout().contains("Java " + System.getProperty("java.specification.version") + "."),
                "the java on PATH runs: " + version.stdout());
    }

    @Test
    void onJdk25TheAheadOfTimeCacheChangesNoByteAndABrokenOneOnlyCostsSpeed() throws Exception {
        Path jdk = jdk25();
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no JDK 25 under /usr/lib/jvm");
        Path cache = ROOT.resolve("target/infer.aot");
        var env = java.util.Map.of("INFER_AOT", "on");
        ProcessResult plain = Infer.runWithInput(ROW, "embed");
        ProcessResult launched = launcher(ROW, env, "embed");
        assertEquals(0, launched.exitCode(), launched.stderr());
        assertEquals(plain.stdout(), launched.stdout(), "JDK 25 and its cache change no output byte");
        assertFalse(launched.stderr().contains("WARNING"), "native access is granted: " + launched.stderr());
        assertTrue(Files.size(cache) > 0, "the launcher made its ahead-of-time cache");
        assertEquals(jdk.resolve("bin/java").toRealPath().toString(),
                Files.readString(ROOT.resolve("target/infer.aot.java")).strip());
        ProcessResult version = launcher(new byte[0], env, "--version");
        assertTrue(version.stdout().contains("at " + jdk.toRealPath()), version.stdout());

        Files.write(cache, "not a cache".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() + 1000));
        try {
            ProcessResult broken = launcher(ROW, env, "embed");
            assertEquals(0, broken.exitCode(), broken.stderr());
            assertEquals(plain.stdout(), broken.stdout());
            assertFalse(broken.stderr().toLowerCase(java.util.Locale.ROOT).contains("warning"), broken.stderr());
        } finally {
            Files.deleteIfExists(cache); // the next run with INFER_AOT=on trains a good one again
        }
    }

    private static ProcessResult launcher(byte[] stdin, String... args) throws Exception {
        return launcher(stdin, java.util.Map.of(), args);
    }

    private static ProcessResult launcher(byte[] stdin, java.util.Map<String, String> env, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(ROOT.resolve("scripts/infer").toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Infer.offlineEnvironment(pb.environment());
        pb.environment().remove("INFER_AOT"); // the JDK 17 path unless a test asks for the other
        pb.environment().putAll(env);
        pb.environment().put("INFER_NO_BUILD", "1"); // test the jar Maven just built, never rebuild it here
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(240, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/infer did not finish within 240 s");
        }
        return new ProcessResult(p.exitValue(), new String(out.get(), java.nio.charset.StandardCharsets.UTF_8),
                new String(err.get(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
