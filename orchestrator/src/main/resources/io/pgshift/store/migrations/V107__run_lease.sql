-- One driver per run, fenced. A driver takes the run's lease before it does anything, which
-- bumps lease_epoch (its fencing token); it renews the lease from a session named lease_session
-- while it works. Another driver may take the lease over once it expired (a stopped or
-- partitioned node) or once no session of that name is left (a process that died).
ALTER TABLE pgshift.run ADD COLUMN lease_epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE pgshift.run ADD COLUMN lease_session text;

-- The fence: a driver's state connection carries "run_id:epoch" in the session setting
-- pgshift.fence, and every write it makes to that run's row or its steps is checked against
-- the run's current epoch in the same transaction. FOR SHARE orders the check with a takeover:
-- a takeover committed first is seen (the write fails); a write committed first is waited for.
CREATE FUNCTION pgshift.fence_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fence text := current_setting('pgshift.fence', true);
    fenced_run bigint;
    held bigint;
BEGIN
    IF fence IS NULL OR fence = '' THEN
        RETURN NEW;
    END IF;
    fenced_run := split_part(fence, ':', 1)::bigint;
    IF TG_TABLE_NAME = 'run' THEN
        IF NEW.id <> fenced_run THEN
            RETURN NEW;
        END IF;
        held := OLD.lease_epoch;
    ELSE
        IF NEW.run_id <> fenced_run THEN
            RETURN NEW;
        END IF;
        SELECT r.lease_epoch INTO held FROM pgshift.run r WHERE r.id = fenced_run FOR SHARE;
    END IF;
    IF held IS DISTINCT FROM split_part(fence, ':', 2)::bigint THEN
        RAISE EXCEPTION USING ERRCODE = 'PSF01',
            MESSAGE = format('run %s is driven by another node now (lease %s; this driver held lease %s): this'
                || ' driver stops', fenced_run, held, split_part(fence, ':', 2));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER run_fence BEFORE UPDATE ON pgshift.run FOR EACH ROW EXECUTE FUNCTION pgshift.fence_check();
CREATE TRIGGER step_fence BEFORE INSERT OR UPDATE ON pgshift.step FOR EACH ROW EXECUTE FUNCTION pgshift.fence_check();
