package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.util.List;

/**
 * What one backup takes and how: the tables, dumped together in one snapshot, the directory its
 * file goes into, and whether a restore into a scratch database proves it usable.
 */
public record BackupSpec(List<TableRef> tables, Path dir, boolean verifyRestore) {
    public BackupSpec {
        tables = List.copyOf(tables);
    }
}
