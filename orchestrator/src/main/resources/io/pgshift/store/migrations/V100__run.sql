-- Runs, the tables they hold, and their steps. Invariants live here, not only in Java:
-- states are CHECKed, one live run per playbook name and one active run per table are unique
-- indexes, so two nodes racing cannot both win.
CREATE SCHEMA IF NOT EXISTS pgshift;

CREATE TABLE pgshift.run (
    id            bigserial PRIMARY KEY,
    playbook_name text NOT NULL,
    checksum      text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    playbook_yaml text NOT NULL,
    description   text,
    target        text,
    state         text NOT NULL CHECK (state IN ('PENDING', 'AWAITING_APPROVAL', 'EXPANDING', 'BACKFILLING',
                      'VERIFYING', 'CONTRACTING', 'SUCCEEDED', 'PAUSED', 'FAILED', 'CANCELLED',
                      'ROLLING_BACK', 'ROLLED_BACK')),
    -- the last working state entered: where PAUSED and FAILED resume
    phase         text CHECK (phase IN ('EXPANDING', 'BACKFILLING', 'VERIFYING', 'CONTRACTING', 'ROLLING_BACK')),
    submitted_by  text NOT NULL,
    approved_by   text,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at   timestamptz,
    error         text,
    gate_report   jsonb,
    row_counts    jsonb,
    lease_owner   text,
    lease_until   timestamptz,
    CONSTRAINT run_finished_iff_terminal
        CHECK ((finished_at IS NOT NULL) = (state IN ('SUCCEEDED', 'CANCELLED', 'ROLLED_BACK'))),
    CONSTRAINT run_lease_complete CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
);

-- Same name + same checksum is the same run; a changed playbook under a name that already ran
-- is refused. Cancelled and rolled-back runs left nothing behind, so their name may run again.
CREATE UNIQUE INDEX run_one_live_run_per_name ON pgshift.run (playbook_name)
    WHERE state NOT IN ('CANCELLED', 'ROLLED_BACK');
CREATE INDEX run_state_idx ON pgshift.run (state, id);

-- The tables a run changes. active is true until the run reaches a terminal state (the store
-- clears it in the transaction that ends the run): one active run per table.
CREATE TABLE pgshift.run_table (
    run_id       bigint NOT NULL REFERENCES pgshift.run (id) ON DELETE CASCADE,
    table_schema text NOT NULL,
    table_name   text NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (run_id, table_schema, table_name)
);
CREATE UNIQUE INDEX run_table_one_active_run ON pgshift.run_table (table_schema, table_name) WHERE active;

CREATE TABLE pgshift.step (
    run_id            bigint NOT NULL REFERENCES pgshift.run (id) ON DELETE CASCADE,
    ordinal           integer NOT NULL CHECK (ordinal > 0),
    phase             text NOT NULL CHECK (phase IN ('EXPAND', 'BACKFILL', 'CONTRACT')),
    kind              text NOT NULL,
    path              text NOT NULL,
    summary           text NOT NULL,
    sql_text          text NOT NULL,
    checksum          text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    state             text NOT NULL DEFAULT 'PENDING'
                          CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'ROLLED_BACK')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    rows              bigint CHECK (rows >= 0),
    started_at        timestamptz,
    finished_at       timestamptz,
    execution_time_ms bigint CHECK (execution_time_ms >= 0),
    error             text,
    PRIMARY KEY (run_id, ordinal)
);
