-- True once a step started by a run whose state lives apart from its target: its success leaves a
-- landmark in the target (pgshift.step_landmark), and a SUCCEEDED step whose landmark is missing
-- there was lost in a failover. False for every other step, those of runs started before landmarks
-- existed included: they are never taken for lost.
ALTER TABLE pgshift.step ADD COLUMN expects_landmark boolean NOT NULL DEFAULT false;
