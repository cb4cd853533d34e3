package io.pgshift.testing;

import io.pgshift.db.DatabaseUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary with a streaming standby of its own, both started from the server's
 * binaries in a temporary directory on free ports, for tests of what a replica changes
 * (replication lag): the shared test server is left alone. Needs the PostgreSQL server binaries
 * ({@code pg_config --bindir}); run as root, the servers run as the {@code postgres} user.
 */
public final class StandbyPair implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int primaryPort;
    private final int standbyPort;

    private StandbyPair(Path dir, Path bin, int primaryPort, int standbyPort) {
        this.dir = dir;
        this.bin = bin;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    public static StandbyPair start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("pgshift-standby-");
        StandbyPair pair = new StandbyPair(dir, bin, freePort(), freePort());
        try {
            if (asRoot()) {
                pair.run("chown", "-R", "postgres:postgres", dir.toString());
            }
            pair.startPrimary();
            pair.startStandby();
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    /** The primary's database {@code postgres}, as a test database (not dropped: the cluster goes away). */
    public TestDatabase primary() {
        return new TestDatabase(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres"));
    }

    /**
     * The standby, for the test's own reads: its address says any server will do, since pgshift's
     * connections (the test's helpers open theirs the same way) ask for a primary otherwise.
     */
    /** The primary's database {@code postgres} as {@code role} (trusted, as every role but one given to {@link #requirePassword}). */
    public TestDatabase primaryAs(String role) {
        return new TestDatabase(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=" + role));
    }

    public TestDatabase standby() {
        return new TestDatabase(DatabaseUrl.parse(standbyAddress() + "&targetServerType=any"));
    }

    /** The standby's address as an application's configuration would write it: the host alone. */
    public String standbyAddress() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres?user=postgres";
    }

    /**
     * Both servers in one address, the primary first, as a high-availability cluster's clients are
     * given it (without {@code targetServerType}: the driver's default takes the first that answers).
     */
    public TestDatabase cluster() {
        return new TestDatabase(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort
                + "/postgres?user=postgres"));
    }

    /**
     * From now on {@code role} logs in to the primary over TCP with its password (SCRAM) only,
     * where every other role is trusted: for tests of what a password changes.
     */
    public void requirePassword(String role) throws Exception {
        Path hba = dir.resolve("primary").resolve("pg_hba.conf");
        Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        primary().queryValue("SELECT pg_reload_conf()");
    }

    /** The primary's server is gone at once ({@code pg_ctl stop -m immediate}): its sessions end, its port refuses. */
    public void crashPrimary() throws Exception {
        stop("primary");
    }

    /**
     * Waits until the standby has replayed everything the primary has committed so far (its WAL
     * insert position: with asynchronous commit a commit is inserted before it is written).
     */
    public void awaitCaughtUp() throws Exception {
        String lsn = String.valueOf(primary().queryValue("SELECT pg_current_wal_insert_lsn()::text"));
        standby().waitFor("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn", java.time.Duration.ofSeconds(30));
    }

    /**
     * The standby stops receiving the primary's WAL (its {@code primary_conninfo} emptied, the
     * standby restarted: a reload alone ends its WAL receiver a moment later, not at once): what
     * commits on the primary from now on is lost when the standby is promoted, as asynchronous
     * replication loses its lag in a failover.
     */
    public void detachStandby() throws Exception {
        standby().execute("ALTER SYSTEM SET primary_conninfo = ''");
        Path data = dir.resolve("standby");
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        pgCtlStart(data);
        if (!Boolean.TRUE.equals(standby().queryValue("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver)"))) {
            throw new IllegalStateException("the standby still receives WAL after its detach; see " + dir);
        }
    }

    /** The standby becomes the primary ({@code pg_ctl promote}), as a failover manager does. */
    public void promoteStandby() throws Exception {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("standby").toString(), "-w", "-t", "60", "promote");
    }

    private void startPrimary() throws Exception {
        Path data = dir.resolve("primary");
        asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8");
        Files.writeString(data.resolve("postgresql.conf"), settings(primaryPort), java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(data.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n",
                java.nio.file.StandardOpenOption.APPEND);
        pgCtlStart(data);
    }

    private void startStandby() throws Exception {
        Path data = dir.resolve("standby");
        asPostgres(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort),
                "-U", "postgres", "-D", data.toString(), "-X", "stream", "-R");
        Files.writeString(data.resolve("postgresql.conf"), "port = " + standbyPort + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        pgCtlStart(data);
        TestDatabase primary = primary();
        for (int i = 0; i < 300; i++) {
            if (Boolean.TRUE.equals(primary.queryValue("SELECT count(*) > 0 FROM pg_stat_replication WHERE state = 'streaming'"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the standby did not start streaming within 30 s; see " + dir);
    }

    private String settings(int port) {
        return "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\n"
                + "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nshared_buffers = 32MB\n"
                + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    }

    private void pgCtlStart(Path data) throws Exception {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data + ".log", "-w", "-t", "60", "start");
    }

    @Override
    public void close() throws Exception {
        for (String name : List.of("standby", "primary")) {
            stop(name);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void stop(String name) throws Exception {
        Path data = dir.resolve(name);
        if (Files.exists(data.resolve("postmaster.pid"))) {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        }
    }

    private void asPostgres(String... command) throws Exception {
        List<String> argv = new ArrayList<>();
        if (asRoot()) {
            // initdb and postgres refuse to run as root
            argv.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        argv.addAll(List.of(command));
        run(argv.toArray(String[]::new));
    }

    private void run(String... command) throws Exception {
        Path log = Files.createTempFile("pgshift-standby-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path binaries() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        Path bin = p.waitFor() == 0 ? Path.of(out) : null;
        if (bin == null || !Files.isExecutable(bin.resolve("initdb"))) {
            // Debian's pg_config may belong to the client package: look where the server lives
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder()).orElse(null);
            } catch (IOException e) {
                bin = null;
            }
        }
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) found:"
                    + " install the server package (apt-get install postgresql-15) to run replication tests");
        }
        return bin;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
