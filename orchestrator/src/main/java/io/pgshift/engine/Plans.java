package io.pgshift.engine;

import io.pgshift.plan.Plan;
import io.pgshift.playbook.Playbook;
import java.sql.Connection;

/** Plans a playbook against the live catalog (validating it), as apply and the driver both do. */
public final class Plans {
    private Plans() {
    }

    public static Plan plan(Connection c, Playbook playbook) {
        return RunLoader.plan(c, playbook);
    }
}
