-- A playbook edited after it was applied (a comment, a reformatted file, a typo in its
-- description) no longer has its run's checksum, and pgshift refuses it as changed. When the edit
-- is intentional, `pgshift repair NAME --accept-checksum` records the edited file's checksum here:
-- the run then answers to both. The run's own checksum and YAML stay what was applied (rollback
-- and the audit trail rely on them); who accepted what, when and why is in the audit log.
ALTER TABLE pgshift.run ADD COLUMN accepted_checksum text
    CHECK (accepted_checksum ~ '^[0-9a-f]{64}$');
