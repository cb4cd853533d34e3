-- Backfill state: one row per backfill, one per key-range partition. Read by any node
-- (progress, pause reasons); written by the partition jobs, each batch's checkpoint in the
-- same transaction as the batch's UPDATE.

CREATE TABLE pgshift.backfill (
    id                  bigserial PRIMARY KEY,
    run_id              bigint,          -- the orchestrator's run, when it started this backfill
    step_ordinal        int,
    name                text NOT NULL,
    spec                jsonb NOT NULL,
    state               text NOT NULL DEFAULT 'PENDING'
        CHECK (state IN ('PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    estimated_rows      bigint NOT NULL DEFAULT 0,
    batch_size_override int CHECK (batch_size_override > 0),
    pause_ms_override   int CHECK (pause_ms_override >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX backfill_run_idx ON pgshift.backfill (run_id, step_ordinal);

CREATE TABLE pgshift.backfill_partition (
    backfill_id    bigint NOT NULL REFERENCES pgshift.backfill (id) ON DELETE CASCADE,
    partition_no   int NOT NULL CHECK (partition_no >= 0),
    lower_key      jsonb,                -- exclusive; null = from the start of the key space
    upper_key      jsonb,                -- inclusive; null = to the end of the key space
    cursor_key     jsonb,                -- last key done (exclusive lower bound of the next batch)
    rows_written   bigint NOT NULL DEFAULT 0,
    rows_scanned   bigint NOT NULL DEFAULT 0,
    batches        bigint NOT NULL DEFAULT 0,
    batch_size     int NOT NULL CHECK (batch_size > 0),
    state          text NOT NULL DEFAULT 'PENDING'
        CHECK (state IN ('PENDING', 'RUNNING', 'THROTTLED', 'WAITING_FOR_WINDOW', 'PAUSED', 'DONE', 'FAILED',
                         'CANCELLED')),
    paused_reason  text,
    last_error     text,
    retries        bigint NOT NULL DEFAULT 0,
    node           text,
    estimated_rows bigint NOT NULL DEFAULT 0,
    started_at     timestamptz,
    -- wall time spent running batches and their pace, so rows/s excludes time spent
    -- throttled, paused or waiting for a window
    active_ms      bigint NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    PRIMARY KEY (backfill_id, partition_no),
    CHECK ((state IN ('DONE', 'FAILED', 'CANCELLED')) = (finished_at IS NOT NULL)),
    CHECK (jsonb_typeof(lower_key) IS DISTINCT FROM 'null' AND jsonb_typeof(upper_key) IS DISTINCT FROM 'null')
);
