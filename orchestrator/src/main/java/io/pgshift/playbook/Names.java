package io.pgshift.playbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Names for indexes and constraints the playbook does not name, following PostgreSQL's own
 * pattern ({@code users_email_key}). PostgreSQL would silently truncate a long name, making two
 * different names collide; a hash of the full name keeps truncated names distinct.
 */
public final class Names {
    private static final int HASH_HEX_CHARS = 8;

    private Names() {
    }

    /** {@code <table>_<col1>_<col2>_<suffix>}, at most 63 bytes. */
    public static String generated(TableRef table, List<String> columns, String suffix) {
        String tableName = table == null ? "" : table.name();
        return fit(tableName + "_" + String.join("_", columns) + "_" + suffix);
    }

    /** {@code name} when it fits in 63 bytes, else its head, {@code _} and 8 hex chars of its SHA-256. */
    public static String fit(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= Identifiers.MAX_BYTES) {
            return name;
        }
        String hash = sha256Hex(bytes).substring(0, HASH_HEX_CHARS);
        int room = Identifiers.MAX_BYTES - 1 - HASH_HEX_CHARS;
        return head(name, room) + "_" + hash;
    }

    /** The longest prefix of {@code name} of at most {@code maxBytes} UTF-8 bytes, never splitting a character. */
    private static String head(String name, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return name.substring(0, end);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
