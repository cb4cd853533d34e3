-- How each partition paces its batches now (FULL_SPEED, YIELDING, FIXED) and why, in words with
-- the signals that decided it. Written with each batch's checkpoint, in the same UPDATE.
ALTER TABLE pgshift.backfill_partition
    ADD COLUMN pace text CHECK (pace IN ('FULL_SPEED', 'YIELDING', 'FIXED')),
    ADD COLUMN pace_reason text;
