package io.pgshift.ops;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The directory backups are written to, made safe before anything goes in: a dump holds whole
 * tables, so another local user must neither read it nor swap a file under its name. Missing
 * directories are created 0700; an existing one is refused when it is not ours or when others may
 * write into it (they could plant a symbolic link where the next dump lands). Every file is
 * created with O_EXCL semantics under a name no other backup can take, even in the same second.
 */
public final class BackupDirectory {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private BackupDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * The default for the CLI and the daemon: {@code $XDG_STATE_HOME/pgshift/backups}, else
     * {@code ~/.local/state/pgshift/backups}; never the shared temporary directory.
     */
    public static Path defaultPath(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "pgshift", "backups");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "pgshift", "backups");
    }

    /**
     * Creates {@code dir} (and missing parents) 0700, or checks the existing one.
     *
     * @throws BackupFailedException it cannot be created, is not a directory, is owned by another
     *                               user, or is writable by group or others
     */
    public static BackupDirectory prepare(Path dir) {
        Path absolute = dir.toAbsolutePath();
        try {
            if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(absolute, OWNER_ONLY_DIR);
            }
            check(absolute);
            return new BackupDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new BackupFailedException("backup directory " + absolute + " exists but is not a directory", e);
        } catch (IOException e) {
            throw new BackupFailedException("cannot create the backup directory " + absolute + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new BackupFailedException("backup directory " + absolute
                    + " is on a file system without POSIX permissions; backups need one", e);
        }
    }

    private static void check(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupFailedException("backup directory " + dir + " is not a directory (a symbolic link is refused too)");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new BackupFailedException("backup directory " + dir + " belongs to uid " + owner + ", not to this process (uid "
                    + self + "); use a directory of pgshift's own user");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new BackupFailedException("backup directory " + dir + " is writable by others ("
                    + PosixFilePermissions.toString(perms) + "); chmod 700 it or choose another");
        }
    }

    public Path path() {
        return dir;
    }

    /**
     * Reserves a new dump file: {@code prefix-<UTC stamp with millis>-<random>.dump}, created empty
     * and 0600, failing rather than reusing a name that exists.
     */
    public Path reserve(String prefix, Instant at) throws IOException {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String name = prefix + "-" + STAMP.format(at) + "-" + HexFormat.of().formatHex(random) + ".dump";
        return Files.createFile(dir.resolve(name), OWNER_ONLY_FILE);
    }

    /** Creates a file only this user reads, next to {@code file}; fails if it exists. */
    public static Path createPrivateSibling(Path file, String suffix) throws IOException {
        return Files.createFile(file.resolveSibling(file.getFileName() + suffix), OWNER_ONLY_FILE);
    }
}
