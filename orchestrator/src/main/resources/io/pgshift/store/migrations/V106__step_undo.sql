-- How a rollback undoes each step, decided when the run was planned (a drop's undo recreates
-- what it drops from the definition read then): {"keep_data": [statement...], "drop_data": [...]}.
-- Null for steps stored before it was recorded: their undo is worked out from the playbook.
ALTER TABLE pgshift.step ADD COLUMN undo jsonb;
