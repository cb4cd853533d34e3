package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator asks to restore.
 *
 * @param target the database the backup was taken from
 * @param file   the dump ({@code FILE.sha256} beside it)
 * @param mode   into a new database, or in place
 * @param into   the new database's name (NEW_DATABASE only); empty: {@code <db>_restore_<UTC stamp>}
 * @param tables the backup's tables to restore; empty: all of them
 * @param actor  who restores, for the audit log
 */
public record RestoreRequest(TargetRef target, Path file, RestoreMode mode, Optional<String> into, List<TableRef> tables,
                             String actor) {
    public RestoreRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(into, "into");
        tables = List.copyOf(tables);
        Objects.requireNonNull(actor, "actor");
    }
}
