package io.pgshift.playbook;

/** An additive change of the expand phase: nothing the running application does can break. */
public sealed interface ExpandStep permits CreateTable, AddColumn, CreateIndex, RawSql, AlterColumnType, RenameTable,
        RenameColumn, AddEnumValue {
    /** The YAML key of the operation, e.g. {@code add_column}. */
    String kind();
}
