-- A run may hold before contract for the application's deploy (AWAITING_CONTRACT).
ALTER TABLE pgshift.run DROP CONSTRAINT run_state_check;
ALTER TABLE pgshift.run ADD CONSTRAINT run_state_check CHECK (state IN ('PENDING', 'AWAITING_APPROVAL', 'EXPANDING',
    'BACKFILLING', 'VERIFYING', 'AWAITING_CONTRACT', 'CONTRACTING', 'SUCCEEDED', 'PAUSED', 'FAILED', 'CANCELLED',
    'ROLLING_BACK', 'ROLLED_BACK'));

-- The keep_in_sync triggers a run installed, and the evidence of whether writers still rely on
-- them. The trigger counts the rows it fills in a sequence of the target (nextval: no row write
-- per fill) and keeps the epoch second of its last fill in another (the clock); pgshift samples
-- both here: `filled` and `last_fill_at` as read at `sampled_at`.
CREATE TABLE pgshift.sync_trigger (
    id              bigserial PRIMARY KEY,
    run_id          bigint NOT NULL REFERENCES pgshift.run (id) ON DELETE CASCADE,
    step_ordinal    integer NOT NULL,
    table_schema    text NOT NULL,
    table_name      text NOT NULL,
    -- SYNC_TRIGGER (keep_in_sync), SHADOW_TRIGGER (alter_column_type, with the old column it
    -- keeps) or VIEW (rename_table: a view under the old name, in trigger_name)
    kind            text NOT NULL DEFAULT 'SYNC_TRIGGER' CHECK (kind IN ('SYNC_TRIGGER', 'SHADOW_TRIGGER', 'VIEW')),
    trigger_name    text NOT NULL,
    columns         text[] NOT NULL,
    counter_schema  text NOT NULL,
    counter_name    text NOT NULL,
    clock_name      text NOT NULL,
    -- alter_column_type: the old column, kept after the swap and dropped with the trigger
    drops_column    text,
    -- run by cleanup after the drops (rename_column: the new column takes the old one's default)
    after_cleanup   text,
    state           text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'RETAINED', 'DROPPED')),
    quiet_period_ms bigint NOT NULL CHECK (quiet_period_ms > 0),
    installed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    retained_at     timestamptz,
    dropped_at      timestamptz,
    dropped_by      text,
    filled          bigint NOT NULL DEFAULT 0 CHECK (filled >= 0),
    last_fill_at    timestamptz,
    sampled_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (run_id, step_ordinal),
    CONSTRAINT sync_trigger_dropped_iff_stamped CHECK ((state = 'DROPPED') = (dropped_at IS NOT NULL))
);
CREATE INDEX sync_trigger_live_idx ON pgshift.sync_trigger (state) WHERE state <> 'DROPPED';

-- Counter readings over time, so "rows filled in the last 5 minutes" can be answered; at most one
-- every few seconds per trigger, older ones pruned (the newest is always kept).
CREATE TABLE pgshift.sync_trigger_sample (
    trigger_id bigint NOT NULL REFERENCES pgshift.sync_trigger (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL,
    filled     bigint NOT NULL CHECK (filled >= 0),
    PRIMARY KEY (trigger_id, at)
);
