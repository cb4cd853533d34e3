package io.pgshift.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One schema change of pgshift's own state, read from a classpath resource. Versions are global
 * across modules: workers owns 1..99, the orchestrator starts at 100 (see {@link Migrations}).
 *
 * @param home where its tables must live when pgshift's state has a database of its own
 */
public record Migration(int version, String name, String resource, Home home) {
    /**
     * Where a migration's tables live. Everything lives in the target by default; with a separate
     * state database, only what must commit together with the target's own changes stays there too.
     */
    public enum Home {
        /** The state database: runs, steps, the audit log, Quartz. */
        STATE,
        /**
         * The target as well: rows written in the same transaction as a change to the target's data
         * (a batch's checkpoint, the marker of a statement run once per run). A transaction cannot
         * span two databases, so these cannot live anywhere else.
         */
        TARGET
    }

    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(home, "home");
        if (version <= 0) {
            throw new IllegalArgumentException("migration version must be positive, got " + version);
        }
    }

    /** A migration of the state database only. */
    public Migration(int version, String name, String resource) {
        this(version, name, resource, Home.STATE);
    }

    /** The SQL text; a missing resource is a packaging bug, so it fails loudly. */
    public String sql() {
        ClassLoader loader = Migration.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration V" + version + " resource not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration resource " + resource, e);
        }
    }

    /** SHA-256 of the SQL text: an applied migration whose file changed afterwards is refused. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
