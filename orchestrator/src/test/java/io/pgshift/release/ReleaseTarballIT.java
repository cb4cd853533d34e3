package io.pgshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball that {@code scripts/release} builds, unpacked elsewhere, runs with nothing
 * but a Java runtime: no Maven, no source checkout on PATH. (The build's package phase made the
 * jar just before, so the script only assembles.)
 */
class ReleaseTarballIT {
    private static final Pattern VERSION = Pattern.compile("pgshift (\\S+) \\(commit ([0-9a-f]{7}|unknown)\\)");

    @TempDir
    static Path tmp;
    private static Path home;
    private static String version;
    /** The only commands on PATH: what the launcher itself uses. */
    private static Path tools;

    record Ran(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        Ran release = run(RepoFiles.root(), Map.of(), List.of(RepoFiles.path("scripts/release").toString()), true);
        assertEquals(0, release.exitCode(), release.out() + release.err());
        Matcher tarball = Pattern.compile("release: (\\S+/pgshift-(\\S+)\\.tar\\.gz) ").matcher(release.out());
        assertTrue(tarball.find(), release.out());
        version = tarball.group(2);
        Ran untar = run(tmp, Map.of(), List.of("tar", "xzf", tarball.group(1)), true);
        assertEquals(0, untar.exitCode(), untar.err());
        home = tmp.resolve("pgshift-" + version);
        tools = Files.createDirectory(tmp.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool));
        }
    }

    @Test
    void versionNamesTheReleaseAndTheCommitOfThisCheckout() throws Exception {
        Ran ran = pgshift(Map.of("JAVA_HOME", System.getProperty("java.home")), "--version");
        assertEquals(0, ran.exitCode(), ran.err());
        Matcher line = VERSION.matcher(ran.out().strip());
        assertTrue(line.matches(), ran.out());
        assertEquals(version, line.group(1), "the tarball's name and --version agree");
        if (Files.exists(RepoFiles.path(".git"))) {
            // scripts/release rebuilds a jar made before the last commit: the tarball's is HEAD's
            Ran head = run(RepoFiles.root(), Map.of(), List.of("git", "rev-parse", "--short=7", "HEAD"), true);
            assertEquals(head.out().strip(), line.group(2), "built from this checkout's HEAD");
        }
    }

    @Test
    void lintsTheBundledPlaybooksWithoutMaven() throws Exception {
        List<String> playbooks;
        try (Stream<Path> files = Files.list(home.resolve("playbooks"))) {
            playbooks = files.map(p -> "playbooks/" + p.getFileName()).sorted().toList();
        }
        assertEquals(5, playbooks.size(), playbooks.toString());
        List<String> args = new ArrayList<>(List.of("lint", "--strict"));
        args.addAll(playbooks);
        Ran ran = pgshift(Map.of("JAVA_HOME", System.getProperty("java.home")), args.toArray(String[]::new));
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertEquals(5, ran.out().lines().filter(l -> l.endsWith(": 0 error(s), 0 warning(s), 0 note(s)")).count(), ran.out());
    }

    @Test
    void runsThroughASymlinkWithJavaFromPath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("usr-local-bin"));
        Files.createSymbolicLink(bin.resolve("pgshift"), home.resolve("bin/pgshift"));
        Files.createSymbolicLink(tools.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        try {
            Ran ran = run(tmp, Map.of("PATH", tools + ":" + bin), List.of(bin.resolve("pgshift").toString(), "--version"), false);
            assertEquals(0, ran.exitCode(), ran.err());
            assertTrue(VERSION.matcher(ran.out().strip()).matches(), ran.out());
        } finally {
            Files.delete(tools.resolve("java"));
        }
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToInstallInOneLine() throws Exception {
        Ran ran = pgshift(Map.of(), "--version");
        assertEquals(127, ran.exitCode(), ran.out() + ran.err());
        assertEquals(List.of("pgshift: no Java runtime found: install Java 17 or later (Debian/Ubuntu: apt-get install"
                + " openjdk-17-jre-headless) or set JAVA_HOME"), ran.err().lines().toList());
        assertEquals("", ran.out());
    }

    @Test
    void anOlderJavaIsRefusedBeforeItRuns() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("jdk-11/bin"));
        Files.writeString(old.resolveSibling("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.2\"\n");
        Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'the old java ran'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Ran ran = pgshift(Map.of("JAVA_HOME", old.getParent().toString()), "--version");
        assertEquals(127, ran.exitCode(), ran.out() + ran.err());
        assertEquals("", ran.out(), "the old runtime never started");
        assertTrue(ran.err().strip().endsWith("is Java 11; pgshift needs Java 17 or later: set JAVA_HOME to a newer runtime"),
                ran.err());

        Ran missing = pgshift(Map.of("JAVA_HOME", tmp.resolve("no-such-jdk").toString()), "--version");
        assertEquals(127, missing.exitCode());
        assertTrue(missing.err().startsWith("pgshift: JAVA_HOME=" + tmp.resolve("no-such-jdk") + " has no bin/java"), missing.err());
    }

    @Test
    void makesItsClassDataSharingArchiveOnceThenStartsFromIt() throws Exception {
        Path withTools = Files.createDirectories(tmp.resolve("tools-cds"));
        for (String tool : List.of("dirname", "readlink", "cksum", "cut", "ls", "mkdir", "mv", "rm", "cat")) {
            Files.createSymbolicLink(withTools.resolve(tool), Path.of("/usr/bin", tool));
        }
        Path userHome = Files.createDirectories(tmp.resolve("user-home"));
        Map<String, String> env = Map.of("PATH", withTools.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "HOME", userHome.toString());
        List<String> version = List.of(home.resolve("bin/pgshift").toString(), "--version");

        Ran first = run(tmp, env, version, false);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(VERSION.matcher(first.out().strip()).matches(), first.out());
        Path cache = userHome.resolve(".cache/pgshift");
        assertEquals(List.of("pgshift: preparing the class-data sharing archive in " + cache
                + " (once per install and Java runtime)..."), first.err().lines().toList());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().matches("pgshift-\\d+\\.jsa")).count(),
                    "one archive, nothing half-written left");
        }

        Map<String, String> logged = new java.util.HashMap<>(env);
        logged.put("PGSHIFT_JAVA_OPTS", "-Xlog:class+load=info:stdout");
        Ran second = run(tmp, logged, version, false);
        assertEquals(0, second.exitCode(), second.err());
        assertEquals("", second.err(), "made once");
        assertTrue(second.out().contains("io.pgshift.cli.Main source: shared objects file"), "started from the archive");

        logged.put("PGSHIFT_CDS", "0");
        Ran without = run(tmp, logged, version, false);
        assertTrue(without.out().lines().anyMatch(l -> l.contains("io.pgshift.cli.Main source: ") && !l.contains("shared")),
                "PGSHIFT_CDS=0 goes without");

        // a service without a home (or a cache it may not write) starts without one, saying nothing
        Ran homeless = run(tmp, Map.of("PATH", withTools.toString(), "JAVA_HOME", System.getProperty("java.home")),
                version, false);
        assertEquals(0, homeless.exitCode(), homeless.err());
        assertEquals("", homeless.err());
    }

    @Test
    void holdsWhatAnInstallNeeds() throws Exception {
        for (String file : List.of("LICENSE", "CHANGELOG.md", "README.md", "lib/pgshift-cli.jar", "lib/cds.classlist",
                "etc/pgshift-daemon.yaml",
                "systemd/pgshift-daemon.service", "completion/pgshift.bash", "completion/_pgshift", "man/man1/pgshift.1",
                "man/man1/pgshift-apply.1", "man/man1/pgshift-lint.1", "man/man1/pgshift-completion.1")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License\n                           Version 2.0"));
        assertTrue(Files.readString(home.resolve("CHANGELOG.md")).contains("## " + version), "a CHANGELOG entry for " + version);
        assertTrue(Files.readString(home.resolve("man/man1/pgshift-lint.1")).contains(".TH \"PGSHIFT\\-LINT\" \"1\""),
                "troff, not AsciiDoc");
        assertTrue(Files.readString(home.resolve("completion/_pgshift")).startsWith("#compdef pgshift\n"));
        assertTrue(Files.isExecutable(home.resolve("bin/pgshift")));
    }

    @Test
    void theUnitMayWriteWhereTheExampleConfigWrites() throws Exception {
        String unit = Files.readString(home.resolve("systemd/pgshift-daemon.service"));
        String config = Files.readString(home.resolve("etc/pgshift-daemon.yaml"));
        Matcher backupDir = Pattern.compile("(?m)^backup_dir: (\\S+)").matcher(config);
        assertTrue(backupDir.find(), "the example config names its backup_dir");
        Matcher writable = Pattern.compile("(?m)^ReadWritePaths=(.+)$").matcher(unit);
        assertTrue(writable.find(), unit);
        List<String> paths = List.of(writable.group(1).trim().split("\\s+"));
        assertTrue(paths.stream().anyMatch(p -> backupDir.group(1).equals(p) || backupDir.group(1).startsWith(p + "/")),
                backupDir.group(1) + " under " + paths);
        assertTrue(unit.contains("ExecStart=/opt/pgshift/bin/pgshift daemon --config /etc/pgshift/daemon.yaml"), unit);
    }

    private static Ran pgshift(Map<String, String> env, String... args) throws Exception {
        Map<String, String> withPath = new java.util.HashMap<>(env);
        withPath.put("PATH", tools.toString());
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/pgshift").toString()));
        command.addAll(List.of(args));
        return run(home, withPath, command, false);
    }

    /** Runs {@code command} in {@code dir}; with {@code inherit} in this process's environment, else in {@code env} alone. */
    private static Ran run(Path dir, Map<String, String> env, List<String> command, boolean inherit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        if (!inherit) {
            pb.environment().clear();
        }
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " still running after 5 minutes");
        }
        return new Ran(process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
