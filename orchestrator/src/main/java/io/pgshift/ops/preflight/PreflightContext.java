package io.pgshift.ops.preflight;

import io.pgshift.operation.TableNeeds;
import io.pgshift.playbook.Playbook;
import java.sql.Connection;

/** What every check reads: the target's connection (autocommit), the playbook and the operator's expectations. */
public record PreflightContext(Connection connection, Playbook playbook, TableNeeds needs, PreflightOptions options) {
}
