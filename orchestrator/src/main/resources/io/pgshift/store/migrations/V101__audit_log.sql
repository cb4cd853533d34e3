-- The audit log: append-only and hash-chained. The trigger stops careless or malicious UPDATE,
-- DELETE and TRUNCATE; a superuser can still disable it, which the hash chain then reveals
-- (each row's hash covers its content and the previous row's hash; see AuditVerifier).
CREATE TABLE pgshift.audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor     text NOT NULL,
    action    text NOT NULL,
    -- no foreign key: the log must outlive whatever it describes
    run_id    bigint,
    details   jsonb NOT NULL DEFAULT '{}',
    prev_hash text,
    hash      text NOT NULL
);
CREATE INDEX audit_log_run_idx ON pgshift.audit_log (run_id, id);
CREATE INDEX audit_log_at_idx ON pgshift.audit_log (at);

CREATE FUNCTION pgshift.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pgshift.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'audit rows are never changed or removed; the hash chain would expose it';
END
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON pgshift.audit_log
    FOR EACH ROW EXECUTE FUNCTION pgshift.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON pgshift.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION pgshift.audit_log_append_only();
