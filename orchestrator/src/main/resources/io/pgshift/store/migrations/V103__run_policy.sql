-- What the target's policy imposed on a run when it was created (default settings, allowed
-- windows), so every node drives it alike; and why a run in a working state is waiting, till when.
-- Nullable columns without defaults: adding them rewrites nothing.
ALTER TABLE pgshift.run
    ADD COLUMN policy jsonb,
    ADD COLUMN waiting_reason text,
    ADD COLUMN waiting_until timestamptz;
