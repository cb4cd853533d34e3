package io.pgshift.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The head of the audit chain at some moment, kept outside the database: the chain alone cannot
 * show rows deleted at its very end, nor a chain rewritten in full with recomputed hashes, but a
 * head written down earlier can, since that row must still be there with that hash.
 *
 * @param id   the head row's id
 * @param hash its hash
 * @param at   when the anchor was taken
 */
public record AuditAnchor(long id, String hash, Instant at) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public AuditAnchor {
        if (id < 1 || hash == null || !HASH.matcher(hash).matches() || at == null) {
            throw new IllegalArgumentException("an anchor is a row id >= 1, a SHA-256 hash in hex and a time");
        }
    }

    /** {@code 1234 9f2c...e1 2026-11-25T16:00:00Z}: one line of an anchor file. */
    public String line() {
        return id + " " + hash + " " + at;
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code line} */
    public static AuditAnchor parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected 'ID HASH TIME', got '" + line + "'");
        }
        try {
            return new AuditAnchor(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2]));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected 'ID HASH TIME', got '" + line + "': " + e.getMessage(), e);
        }
    }
}
