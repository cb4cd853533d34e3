package io.pgshift.lint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawSqlClassifierTest {
    private final RawSqlClassifier classifier = new RawSqlClassifier();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        CREATE INDEX idx ON users (email)                                            | CREATE_INDEX | users         | SHARE                  | SCAN     | TRANSACTION    | INDEX_WITHOUT_CONCURRENTLY
        create unique index concurrently if not exists i on only public.users (e)    | CREATE_INDEX | public.users  | SHARE_UPDATE_EXCLUSIVE | SCAN     | NO_TRANSACTION |
        CREATE INDEX ON "Users" USING gin (prefs)                                    | CREATE_INDEX | Users         | SHARE                  | SCAN     | TRANSACTION    | INDEX_WITHOUT_CONCURRENTLY
        DROP INDEX CONCURRENTLY IF EXISTS idx                                        | DROP_INDEX   |               | SHARE_UPDATE_EXCLUSIVE | METADATA | NO_TRANSACTION |
        DROP INDEX idx                                                               | DROP_INDEX   |               | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD COLUMN prefs jsonb                                     | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD COLUMN n int DEFAULT 0 NOT NULL                        | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now()               | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD COLUMN note text DEFAULT 'random()'                    | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD COLUMN created timestamptz DEFAULT clock_timestamp()   | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE VOLATILE_DEFAULT
        ALTER TABLE users ADD token uuid DEFAULT public.gen_random_uuid()            | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE VOLATILE_DEFAULT
        ALTER TABLE users ADD COLUMN seq bigserial                                   | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE VOLATILE_DEFAULT
        ALTER TABLE users ADD COLUMN n int NOT NULL                                  | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | SCAN     | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK NOT_NULL_WITHOUT_DEFAULT
        ALTER TABLE users ALTER COLUMN age TYPE bigint                               | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE COLUMN_TYPE_CHANGE
        ALTER TABLE users ALTER age SET DATA TYPE bigint USING age::bigint           | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE COLUMN_TYPE_CHANGE
        ALTER TABLE users ALTER COLUMN email SET NOT NULL                            | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | SCAN     | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK SET_NOT_NULL_SCAN
        ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0)                           | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | SCAN     | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK CONSTRAINT_WITHOUT_NOT_VALID
        ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID                 | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id)              | ALTER_TABLE  | users         | SHARE_ROW_EXCLUSIVE    | SCAN     | TRANSACTION    | CONSTRAINT_WITHOUT_NOT_VALID
        ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (o) REFERENCES orgs NOT VALID | ALTER_TABLE  | users         | SHARE_ROW_EXCLUSIVE    | METADATA | TRANSACTION    |
        ALTER TABLE users ADD PRIMARY KEY (id)                                       | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | SCAN     | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK CONSTRAINT_WITHOUT_NOT_VALID
        ALTER TABLE users ADD UNIQUE (email)                                         | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | SCAN     | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK CONSTRAINT_WITHOUT_NOT_VALID
        ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX e_idx    | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users VALIDATE CONSTRAINT c                                      | ALTER_TABLE  | users         | SHARE_UPDATE_EXCLUSIVE | SCAN     | TRANSACTION    |
        ALTER TABLE users ALTER COLUMN prefs SET DEFAULT '{}'::jsonb                 | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE IF EXISTS ONLY users ALTER prefs DROP DEFAULT                    | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users RENAME COLUMN a TO b                                       | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK BREAKING_RENAME
        ALTER TABLE users RENAME TO members                                          | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK BREAKING_RENAME
        ALTER TABLE users RENAME CONSTRAINT a TO b                                   | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        ALTER TABLE users SET LOGGED                                                 | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE
        ALTER TABLE users DROP COLUMN legacy                                         | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        ALTER TABLE users ADD COLUMN a int, ALTER COLUMN b TYPE text                 | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE COLUMN_TYPE_CHANGE
        ALTER TABLE users SET TABLESPACE fast                                        | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE
        ALTER TABLE users SET (fillfactor = 70)                                      | ALTER_TABLE  | users         | SHARE_UPDATE_EXCLUSIVE | METADATA | TRANSACTION    |
        ALTER TABLE users ATTACH PARTITION users_2024 DEFAULT                        | ALTER_TABLE  | users         | ACCESS_EXCLUSIVE       | UNKNOWN  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK UNRECOGNISED
        VACUUM FULL users                                                            | VACUUM_FULL  | users         | ACCESS_EXCLUSIVE       | REWRITE  | NO_TRANSACTION | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE
        VACUUM (FULL, ANALYZE) users                                                 | VACUUM_FULL  | users         | ACCESS_EXCLUSIVE       | REWRITE  | NO_TRANSACTION | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE
        VACUUM ANALYZE users                                                         | VACUUM       | users         | SHARE_UPDATE_EXCLUSIVE | SCAN     | NO_TRANSACTION |
        CLUSTER users USING users_pkey                                               | CLUSTER      | users         | ACCESS_EXCLUSIVE       | REWRITE  | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK TABLE_REWRITE
        LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE NOWAIT                          | LOCK_TABLE   | users         | SHARE_ROW_EXCLUSIVE    | METADATA | TRANSACTION    | EXPLICIT_LOCK
        LOCK users                                                                   | LOCK_TABLE   | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK EXPLICIT_LOCK
        LOCK TABLE users IN SOME MODE                                                | LOCK_TABLE   | users         | NONE                   | UNKNOWN  | TRANSACTION    | EXPLICIT_LOCK UNRECOGNISED
        DROP DATABASE IF EXISTS school WITH (FORCE)                                  | DROP_DATABASE|               | NONE                   | METADATA | NO_TRANSACTION | DATA_LOSS
        DROP SCHEMA legacy CASCADE                                                   | DROP_SCHEMA  |               | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        DROP SCHEMA IF EXISTS legacy                                                 | DROP_SCHEMA  |               | NONE                   | METADATA | TRANSACTION    | DATA_LOSS
        DROP VIEW IF EXISTS active_users                                             | DROP_OBJECT  | active_users  | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        DROP TRIGGER users_audit ON public.users                                     | DROP_OBJECT  | public.users  | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        DROP TYPE mood                                                               | DROP_OBJECT  |               | NONE                   | METADATA | TRANSACTION    | DATA_LOSS
        DROP TYPE mood CASCADE                                                       | DROP_OBJECT  |               | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        DROP OWNED BY app_old                                                        | DROP_OBJECT  |               | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        CREATE DOMAIN positive AS int CHECK (VALUE > 0)                              | CREATE_DOMAIN|               | NONE                   | METADATA | TRANSACTION    | DOMAIN_CONSTRAINT
        CREATE DOMAIN code text NOT NULL                                             | CREATE_DOMAIN|               | NONE                   | METADATA | TRANSACTION    | DOMAIN_CONSTRAINT
        CREATE DOMAIN code AS text DEFAULT 'x' COLLATE "C"                           | CREATE_DOMAIN|               | NONE                   | METADATA | TRANSACTION    |
        ALTER DOMAIN positive ADD CONSTRAINT small CHECK (VALUE < 100)               | ALTER_DOMAIN |               | SHARE                  | SCAN     | TRANSACTION    | CONSTRAINT_WITHOUT_NOT_VALID DOMAIN_CONSTRAINT
        ALTER DOMAIN positive ADD CONSTRAINT small CHECK (VALUE < 100) NOT VALID     | ALTER_DOMAIN |               | NONE                   | METADATA | TRANSACTION    | DOMAIN_CONSTRAINT
        ALTER DOMAIN positive VALIDATE CONSTRAINT small                              | ALTER_DOMAIN |               | SHARE                  | SCAN     | TRANSACTION    | CONSTRAINT_WITHOUT_NOT_VALID DOMAIN_CONSTRAINT
        ALTER DOMAIN code SET NOT NULL                                               | ALTER_DOMAIN |               | SHARE                  | SCAN     | TRANSACTION    | CONSTRAINT_WITHOUT_NOT_VALID DOMAIN_CONSTRAINT
        ALTER DOMAIN code DROP CONSTRAINT small                                      | ALTER_DOMAIN |               | NONE                   | METADATA | TRANSACTION    |
        ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad'                     | ALTER_TYPE   |               | NONE                   | METADATA | NO_TRANSACTION |
        ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'                                 | ALTER_TYPE   |               | NONE                   | METADATA | TRANSACTION    | BREAKING_RENAME
        ALTER TYPE mood ADD ATTRIBUTE x int                                          | ALTER_TYPE   |               | NONE                   | UNKNOWN  | TRANSACTION    | UNRECOGNISED
        CREATE OR REPLACE RULE no_delete AS ON DELETE TO users DO INSTEAD NOTHING    | CREATE_RULE  | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK
        TRUNCATE TABLE users                                                         | TRUNCATE     | users         | ACCESS_EXCLUSIVE       | METADATA | TRANSACTION    | ACCESS_EXCLUSIVE_LOCK DATA_LOSS
        REINDEX TABLE users                                                          | REINDEX      | users         | SHARE                  | SCAN     | TRANSACTION    | INDEX_WITHOUT_CONCURRENTLY
        REINDEX INDEX CONCURRENTLY users_pkey                                        | REINDEX      |               | SHARE_UPDATE_EXCLUSIVE | SCAN     | NO_TRANSACTION |
        ALTER SYSTEM SET work_mem = '64MB'                                           | ALTER_SYSTEM |               | NONE                   | METADATA | NO_TRANSACTION |
        INSERT INTO school_classes (name) VALUES ('Kelas') ON CONFLICT DO NOTHING    | INSERT       | school_classes| ROW_EXCLUSIVE          | ROWS     | TRANSACTION    |
        UPDATE users SET a = 1 WHERE id < 10                                         | UPDATE       | users         | ROW_EXCLUSIVE          | ROWS     | TRANSACTION    |
        UPDATE users SET a = (SELECT 1 WHERE true)                                   | UPDATE       | users         | ROW_EXCLUSIVE          | ROWS     | TRANSACTION    | WHOLE_TABLE_WRITE
        DELETE FROM ONLY audit.events                                                | DELETE       | audit.events  | ROW_EXCLUSIVE          | ROWS     | TRANSACTION    | WHOLE_TABLE_WRITE
        SELECT count(*) FROM users                                                   | SELECT       | users         | ACCESS_SHARE           | ROWS     | TRANSACTION    |
        WITH moved AS (DELETE FROM a WHERE x RETURNING *) INSERT INTO b SELECT 1     | INSERT       | b             | ROW_EXCLUSIVE          | ROWS     | TRANSACTION    |
        CREATE TABLE IF NOT EXISTS classes (id bigint PRIMARY KEY, name text)        | CREATE_TABLE | classes       | NONE                   | METADATA | TRANSACTION    |
        CREATE EXTENSION IF NOT EXISTS pgcrypto                                      | CREATE_OBJECT|               | NONE                   | METADATA | TRANSACTION    |
        DO $$ BEGIN ALTER TABLE users ALTER COLUMN a TYPE text; END $$               | UNKNOWN      |               | NONE                   | UNKNOWN  | TRANSACTION    | UNRECOGNISED
        """)
    void classifiesStatement(String sql, StatementType type, String table, LockMode lock, TableImpact impact, TxMode tx,
                             String dangers) {
        SqlEffect effect = classifier.classify(sql);

        assertEquals(new SqlEffect(type, table, lock, impact, tx, dangerList(dangers)), effect);
    }

    @Test
    void ignoresKeywordsInCommentsAndLiterals() {
        SqlEffect effect = classifier.classify("""
                /* ALTER TABLE users ALTER COLUMN a TYPE text; /* nested */ VACUUM FULL users */
                -- TRUNCATE users;
                SELECT 'ALTER TABLE users SET NOT NULL', E'it\\'s; VACUUM FULL', $tag$ ; CLUSTER x $tag$
                """);

        assertEquals(new SqlEffect(StatementType.SELECT, null, LockMode.ACCESS_SHARE, TableImpact.ROWS,
                TxMode.TRANSACTION, List.of()), effect);
    }

    @Test
    void readsQuotedQualifiedTableNamesWithoutQuotes() {
        SqlEffect effect = classifier.classify("ALTER TABLE \"Sales\".\"Order Lines\" ALTER COLUMN qty SET NOT NULL");

        assertEquals("Sales.Order Lines", effect.table());
    }

    @Test
    void splitsStatementsOutsideLiteralsAndMergesToTheWorst() {
        String sql = "INSERT INTO t VALUES (';'); ALTER TABLE t ALTER COLUMN a TYPE bigint;";

        List<SqlEffect> effects = classifier.classifyAll(sql);
        SqlEffect merged = classifier.classify(sql);

        assertEquals(List.of(StatementType.INSERT, StatementType.ALTER_TABLE),
                effects.stream().map(SqlEffect::type).toList());
        assertEquals(StatementType.ALTER_TABLE, merged.type());
        assertEquals(LockMode.ACCESS_EXCLUSIVE, merged.lock());
        assertEquals(TableImpact.REWRITE, merged.impact());
        assertTrue(merged.has(Danger.COLUMN_TYPE_CHANGE));
    }

    @Test
    void treatsTextWithoutStatementsAsUnrecognised() {
        assertTrue(classifier.classifyAll("  -- nothing here\n ; ").isEmpty());
        assertTrue(classifier.classify("").has(Danger.UNRECOGNISED));
    }

    @Test
    void marksEveryAccessExclusiveEffectWithTheLockDanger() {
        SqlEffect effect = new SqlEffect(StatementType.TRUNCATE, "t", LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA,
                TxMode.TRANSACTION, List.of(Danger.DATA_LOSS));

        assertEquals(List.of(Danger.ACCESS_EXCLUSIVE_LOCK, Danger.DATA_LOSS), effect.dangers());
    }

    private static List<Danger> dangerList(String names) {
        return names == null ? List.of() : Arrays.stream(names.trim().split("\\s+")).map(Danger::valueOf).toList();
    }
}
