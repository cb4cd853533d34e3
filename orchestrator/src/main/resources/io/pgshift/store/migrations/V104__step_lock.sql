-- The strongest table lock each step takes, and on which table, as planned: shown to operators
-- (status, API, dashboard) next to the step. Null for steps stored before it was recorded.
ALTER TABLE pgshift.step
    ADD COLUMN lock_mode text,
    ADD COLUMN lock_table text;
