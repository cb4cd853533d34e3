package io.pgshift.operation;

import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.util.LinkedHashSet;
import java.util.Set;

/** The names a playbook touches, so the catalog is read for them and nothing else, and its runs claim them. */
public final class PlaybookNames {
    private PlaybookNames() {
    }

    /** Every table named anywhere in the playbook, including foreign-key targets. */
    public static Set<TableRef> tables(Playbook playbook) {
        return new LinkedHashSet<>(TableNeeds.of(playbook).byTable().keySet());
    }

    /** The types the playbook alters (add_enum_value): the catalog reads their enum labels. */
    public static Set<TableRef> alteredTypes(Playbook playbook) {
        return TableNeeds.of(playbook).alteredTypes();
    }

    /** The relation names the catalog is asked about: those the playbook creates, and those it drops by name. */
    public static Set<TableRef> namedRelations(Playbook playbook) {
        return new LinkedHashSet<>(OperationRegistry.namedRelations(playbook));
    }
}
