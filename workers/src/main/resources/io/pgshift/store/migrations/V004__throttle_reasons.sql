-- The kinds of reason a THROTTLED partition is held for (ThrottleReason names), written beside the
-- words in paused_reason so that metrics read kinds as data instead of classifying the words.
-- Only a throttled partition has them: every other state clears them with its reason.
ALTER TABLE pgshift.backfill_partition
    ADD COLUMN throttle_reasons text[]
        CHECK (throttle_reasons <@ ARRAY['REPLICATION_LAG', 'LOCK_WAITERS']::text[]),
    ADD CHECK (throttle_reasons IS NULL OR state = 'THROTTLED');
