-- A step's landmark: written in the target when one of its run's steps succeeds, before the step's
-- row (in a separate state database) says so. Only runs whose state lives apart write them: a
-- failover to an asynchronous standby loses the target's last commits but not the state
-- database's, and a step the state database says SUCCEEDED whose landmark the promoted target
-- lacks is known lost and runs again (WAL order: its landmark committed after its own effect).
-- A run is known here by its id and creation instant, as in pgshift.applied_statement.
CREATE TABLE pgshift.step_landmark (
    run_id         bigint NOT NULL,
    run_created_at timestamptz NOT NULL,
    step_ordinal   integer NOT NULL CHECK (step_ordinal > 0),
    landed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, run_created_at, step_ordinal)
);
