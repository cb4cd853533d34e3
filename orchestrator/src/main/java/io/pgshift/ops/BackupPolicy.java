package io.pgshift.ops;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether a backup must be taken before a run expands, where it goes, and whether it is proven
 * restorable. Built once from the operator's options (or, later, the daemon's config).
 */
public record BackupPolicy(boolean required, Path dir, boolean verifyRestore) {
    public static final BackupPolicy NONE = new BackupPolicy(false, null, false);

    public BackupPolicy {
        if (required) {
            Objects.requireNonNull(dir, "a required backup needs a directory");
        }
    }

    /** A required policy when {@code dir} is given, {@link #NONE} otherwise. */
    public static BackupPolicy of(Path dir, boolean verifyRestore) {
        return dir == null ? NONE : new BackupPolicy(true, dir, verifyRestore);
    }
}
