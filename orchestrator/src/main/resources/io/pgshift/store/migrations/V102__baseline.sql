-- Baselines: the schema of a live database as recorded when pgshift took it over (or since),
-- so that later playbooks' requires can be checked against what the database was known to hold.
-- Append-only in practice: a new baseline is a new row, the newest per schema is the current one.
CREATE TABLE pgshift.baseline (
    id             bigserial PRIMARY KEY,
    schema_name    text NOT NULL,
    database_name  text NOT NULL,
    server_version text NOT NULL,
    snapshot       jsonb NOT NULL,
    -- sha256 of the snapshot's canonical JSON (sorted keys, no whitespace), as recorded
    checksum       text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    table_count    integer NOT NULL CHECK (table_count >= 0),
    recorded_by    text NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX baseline_schema_idx ON pgshift.baseline (schema_name, id);
