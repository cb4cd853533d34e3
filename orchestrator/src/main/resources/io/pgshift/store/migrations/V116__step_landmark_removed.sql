-- True once a rollback's undo of the step removed the step's landmark from the target
-- (pgshift.step_landmark), after the undo's statements: a ROLLED_BACK step whose landmark the
-- target still has lost its undo in a failover. False for every other step, those rolled back
-- before the undo removed landmarks included: they are never taken for an undo lost.
ALTER TABLE pgshift.step ADD COLUMN landmark_removed boolean NOT NULL DEFAULT false;
