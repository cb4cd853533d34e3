package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * A foreign key that references a table read into the snapshot, seen from the referenced side:
 * which columns of which table point at which columns, and the referencing columns' types
 * (changing a referenced column's type must keep them able to hold every value it may take).
 *
 * @param referenced        the table pointed at
 * @param referencedColumns its columns, in the key's order
 * @param table             the referencing table (the referenced one itself for a self-reference)
 * @param columns           the referencing columns, in the key's order
 * @param types             their types, as format_type prints them
 * @param name              the constraint's name
 */
public record InboundKey(TableRef referenced, List<String> referencedColumns, TableRef table, List<String> columns,
                         List<String> types, String name) {
    public InboundKey {
        referencedColumns = List.copyOf(referencedColumns);
        columns = List.copyOf(columns);
        types = List.copyOf(types);
    }
}
