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
 */
public record Migration(int version, String name, String resource) {
    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        if (version <= 0) {
            throw new IllegalArgumentException("migration version must be positive, got " + version);
        }
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
