package io.pgshift.operation;

import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;

/** Name claims the operation types share. */
final class Claims {
    private Claims() {
    }

    /**
     * Index and constraint names share one namespace per schema here (a unique constraint is an
     * index). Reported at {@code name} when written, else at the step (the name was generated).
     */
    static void relation(StepFields m, TableRef table, String name) {
        if (table != null && name != null) {
            m.claim(ClaimedName.RELATION, table.schema() + "." + name, m.has("name") ? "name" : null);
        }
    }
}
