package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.run.RunState;
import java.util.Map;

/**
 * One move of the driver's own, from the state it expects the run in to the next, with the audit
 * row that records it.
 *
 * @param details the audit row's details
 */
record AuditedTransition(RunState from, RunState to, AuditAction action, Map<String, Object> details) {
}
