package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupChecksumTest {
    /** 64 hex digits, the shape of a SHA-256; one digit short, a line is not a checksum line any more. */
    private static final String SOME_SHA = "3a1f9dd0b1e1f3b8c7a8c3aa5a1b8e1d4fbb2c65f9a44ee1c0b2d9a0e7f6a3b1";
    @TempDir
    Path dir;

    private Path dump() throws Exception {
        Path dump = Files.writeString(dir.resolve("app.dump"), "dump bytes");
        Files.writeString(BackupChecksum.fileOf(dump), Backups.sha256(dump) + "  app.dump\n");
        return dump;
    }

    @Test
    void aFileMatchingItsSha256LineIsTrusted() throws Exception {
        Path dump = dump();
        assertEquals(Backups.sha256(dump), BackupChecksum.verify(dump));
    }

    @Test
    void aChangedFileIsRefusedWithBothChecksums() throws Exception {
        Path dump = dump();
        String recorded = Backups.sha256(dump);
        Files.writeString(dump, "dump bytez");
        var e = assertThrows(BackupUntrustedException.class, () -> BackupChecksum.verify(dump));
        assertEquals(ErrorCode.BACKUP_UNTRUSTED, e.code());
        assertTrue(e.getMessage().contains("does not match its checksum (app.dump.sha256 says " + recorded), e.getMessage());
    }

    @Test
    void aMissingOrMalformedChecksumFileIsRefused() throws Exception {
        Path dump = dump();
        Files.writeString(BackupChecksum.fileOf(dump), SOME_SHA.substring(1) + "  app.dump\n");
        assertTrue(assertThrows(BackupUntrustedException.class, () -> BackupChecksum.verify(dump)).getMessage()
                .contains("does not hold a 'SHA256  FILENAME' line"));
        Files.delete(BackupChecksum.fileOf(dump));
        assertTrue(assertThrows(BackupUntrustedException.class, () -> BackupChecksum.verify(dump)).getMessage()
                .contains("has no checksum file app.dump.sha256 beside it"));
    }
}
