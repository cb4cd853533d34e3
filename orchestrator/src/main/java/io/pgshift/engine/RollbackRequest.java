package io.pgshift.engine;

/**
 * What was asked of a rollback, as stored in the run's {@code rollback_request}.
 *
 * @param dropData whether added columns and tables may be dropped with their data
 * @param actor    who asked, the actor of every audit row the rollback writes
 */
record RollbackRequest(boolean dropData, String actor) {
}
