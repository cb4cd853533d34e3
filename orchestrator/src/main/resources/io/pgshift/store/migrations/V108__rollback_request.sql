-- A rollback is requested (by an operator, in a request or a command) and carried out by the
-- run's driver job, which may be another node, or this one after a restart: what was asked and
-- by whom travels with the run. {"drop_data": bool, "by": "actor"}; null: no rollback asked.
ALTER TABLE pgshift.run ADD COLUMN rollback_request jsonb;
