package io.pgshift.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check every restore starts with: the dump must hash to the SHA-256 written beside it when it
 * was taken ({@code FILE.sha256}, {@code sha256sum}'s {@code HASH  NAME} line). A file that was cut
 * short by a copy, corrupted on disk or edited is refused before any database is touched.
 */
public final class BackupChecksum {
    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");

    private BackupChecksum() {
    }

    /** {@code dump}'s checksum file: the same name with {@code .sha256} appended. */
    public static Path fileOf(Path dump) {
        return dump.resolveSibling(dump.getFileName() + ".sha256");
    }

    /**
     * Returns the verified SHA-256 of {@code dump}.
     *
     * @throws BackupUntrustedException the dump or its checksum file is missing or unreadable, or they differ
     */
    public static String verify(Path dump) {
        if (!Files.isRegularFile(dump)) {
            throw new BackupUntrustedException("no backup file " + dump + ": give the path of a .dump that pgshift backup wrote");
        }
        Path sums = fileOf(dump);
        String expected = expected(dump, sums);
        String actual;
        try {
            actual = Backups.sha256(dump);
        } catch (BackupFailedException e) {
            throw new BackupUntrustedException(e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BackupUntrustedException("backup " + dump + " does not match its checksum (" + sums.getFileName()
                    + " says " + expected + ", the file hashes to " + actual + "): it was changed or damaged since it"
                    + " was taken; restore another backup. Nothing was touched");
        }
        return actual;
    }

    private static String expected(Path dump, Path sums) {
        String text;
        try {
            text = Files.readString(sums, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new BackupUntrustedException("backup " + dump + " has no checksum file " + sums.getFileName()
                    + " beside it: without it the file cannot be proven intact; copy the .sha256 that was written with it."
                    + " Nothing was touched", e);
        } catch (IOException e) {
            throw new BackupUntrustedException("cannot read the checksum file " + sums + ": " + e.getMessage(), e);
        }
        Matcher m = LINE.matcher(text.lines().findFirst().orElse(""));
        if (!m.matches()) {
            throw new BackupUntrustedException("checksum file " + sums + " does not hold a 'SHA256  FILENAME' line;"
                    + " nothing was touched");
        }
        return m.group(1).toLowerCase(java.util.Locale.ROOT);
    }
}
