-- The target's policy (approval, backup, allowed windows, default settings), kept in the target
-- itself so that every path reaching the database finds it: a daemon records its configuration's
-- policy here when it starts, and `pgshift apply --database-url` refuses a policy it cannot meet
-- unless told to break glass. One row at most.
CREATE TABLE pgshift.target_policy (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    approval_required boolean NOT NULL,
    backup_required   boolean NOT NULL,
    verify_restore    boolean NOT NULL,
    runs              jsonb,
    set_by            text NOT NULL,
    set_at            timestamptz NOT NULL DEFAULT now()
);
