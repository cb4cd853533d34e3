package io.pgshift.playbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Names pgshift generates for indexes, constraints, triggers and functions. They follow
 * PostgreSQL's own convention ({@code users_email_key}); a name that would exceed 63 bytes is
 * cut and given a hash suffix, because PostgreSQL would silently truncate it and two long
 * names could collide.
 */
public final class Names {
    private Names() {
    }

    /** {@code <table>_<col1>_<col2>_<suffix>}, at most 63 bytes. */
    public static String generated(TableRef table, List<String> columns, String suffix) {
        return fit(table.name() + "_" + String.join("_", columns) + "_" + suffix);
    }

    /** Returns {@code name} if it fits in 63 bytes, else a prefix plus 8 hex chars of its SHA-256. */
    public static String fit(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= Identifiers.MAX_BYTES) {
            return name;
        }
        String hash = sha256(name).substring(0, 8);
        String prefix = name;
        while ((prefix + "_" + hash).getBytes(StandardCharsets.UTF_8).length > Identifiers.MAX_BYTES) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + "_" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
