-- Statements a run executes at most once (raw SQL in a transaction): each commits a row here in
-- its own transaction, and is skipped once its row is there. Lives in the target, whose data the
-- statement changes, even when runs live in a separate state database: a transaction cannot span
-- two databases. Run ids are only unique within one state database, and a target may have had
-- several (its own, then a separate one), so a run is known here by its id and the instant it was
-- created. No ON CONFLICT anywhere: a second copy of the statement (another driver on the same
-- step) must fail on the key and roll back with it.
CREATE TABLE pgshift.applied_statement (
    run_id         bigint NOT NULL,
    run_created_at timestamptz NOT NULL,
    step_ordinal   integer NOT NULL CHECK (step_ordinal > 0),
    statement_no   integer NOT NULL CHECK (statement_no > 0),
    sql_sha256     text NOT NULL CHECK (sql_sha256 ~ '^[0-9a-f]{64}$'),
    applied_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, run_created_at, step_ordinal, statement_no)
);
