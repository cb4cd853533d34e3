package io.pgshift.ops;

import io.pgshift.playbook.TableRef;

/** Something a playbook's {@code requires} names that the baseline does not hold: a whole table, or one column. */
public record BaselineGap(TableRef table, String column, String reason) {
    public String text() {
        return (column == null ? "table " + table.display() : "column " + table.display() + "." + column) + ": " + reason;
    }
}
