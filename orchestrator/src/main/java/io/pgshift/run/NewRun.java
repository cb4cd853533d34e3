package io.pgshift.run;

import io.pgshift.plan.Plan;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.util.Set;

/**
 * A run as submitted: the playbook, its plan, who submits it, the tables it claims while it
 * has not ended, and the target's policy it keeps for its whole life.
 *
 * @throws IllegalArgumentException the plan was made from another playbook (another checksum)
 */
public record NewRun(Playbook playbook, Plan plan, String actor, Set<TableRef> tables, RunPolicy policy) {
    public NewRun {
        if (!plan.checksum().equals(playbook.checksum())) {
            throw new IllegalArgumentException("plan of checksum " + plan.checksum() + " does not belong to playbook '"
                    + playbook.name() + "' of checksum " + playbook.checksum());
        }
        tables = Set.copyOf(tables);
    }

    /** A run on a target without a policy. */
    public NewRun(Playbook playbook, Plan plan, String actor, Set<TableRef> tables) {
        this(playbook, plan, actor, tables, RunPolicy.NONE);
    }
}
