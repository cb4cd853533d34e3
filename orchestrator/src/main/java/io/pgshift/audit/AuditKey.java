package io.pgshift.audit;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that keys the audit chain (HMAC-SHA256). It is held outside the database, so the
 * database roles the log audits, who can rewrite rows and recompute plain SHA-256 hashes, cannot
 * forge a keyed row. Read from the file named by {@code PGSHIFT_AUDIT_KEY_FILE} (every pgshift
 * process that writes the log: the daemon and the CLI) or {@code audit verify --audit-key-file}.
 * The file must not be readable by others, and holds at least 32 bytes, e.g.
 * {@code (umask 077; head -c 32 /dev/urandom | base64 > /etc/pgshift/audit.key)}.
 */
public final class AuditKey {
    public static final String FILE_ENV = "PGSHIFT_AUDIT_KEY_FILE";
    static final int MIN_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final byte[] secret;

    private AuditKey(byte[] secret) {
        this.secret = secret;
    }

    /** The key named by {@link #FILE_ENV} in {@code env}, or empty when it is unset. */
    public static Optional<AuditKey> fromEnvironment(Map<String, String> env) {
        String file = env.get(FILE_ENV);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(read(Path.of(file)));
    }

    /**
     * @throws PgshiftException USAGE: the file is missing, unreadable, readable by others, or too short
     */
    public static AuditKey read(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new PgshiftException(ErrorCode.USAGE, "audit key file " + file + " is readable by every user; "
                        + "chmod 600 it (or 640 with pgshift's group) and replace the key, which may have been read");
            }
            if (!Files.isRegularFile(file)) {
                throw new PgshiftException(ErrorCode.USAGE, "audit key file " + file + " is not a regular file");
            }
            byte[] text = Files.readAllBytes(file);
            // a trailing newline (echo, an editor) is not part of the key
            byte[] secret = new String(text, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            Arrays.fill(text, (byte) 0);
            if (secret.length < MIN_BYTES) {
                throw new PgshiftException(ErrorCode.USAGE, "audit key file " + file + " holds " + secret.length
                        + " bytes; an audit key needs at least " + MIN_BYTES + " (head -c 32 /dev/urandom | base64)");
            }
            return new AuditKey(secret);
        } catch (NoSuchFileException e) {
            throw new PgshiftException(ErrorCode.USAGE, "audit key file " + file + " does not exist");
        } catch (IOException e) {
            throw new PgshiftException(ErrorCode.USAGE, "cannot read audit key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** HMAC-SHA256 of {@code text} under this key, in lower-case hex (the same shape as an unkeyed hash). */
    String mac(String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "AuditKey[HMAC-SHA256]";
    }
}
