package io.pgshift.quartz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.store.Migrations;
import org.junit.jupiter.api.Test;

class QuartzDdlTest {
    @Test
    void migrationV001IsQuartzsOwnDdlInThePgshiftSchema() {
        assertEquals(QuartzDdl.fromQuartzJar(), Migrations.WORKERS.get(0).sql(),
                "the quartz jar's DDL changed: add a new migration for the difference, never edit V001");
    }

    @Test
    void rewriteQualifiesTablesButNotIndexesAndDropsNothing() {
        String sql = QuartzDdl.fromQuartzJar();
        assertTrue(sql.contains("CREATE TABLE pgshift.qrtz_JOB_DETAILS"));
        assertTrue(sql.contains("REFERENCES pgshift.qrtz_TRIGGERS"));
        assertTrue(sql.contains("CREATE INDEX IDX_QRTZ_T_NEXT_FIRE_TIME\n  ON pgshift.qrtz_TRIGGERS"));
        assertFalse(sql.toUpperCase().contains("DROP "));
        assertFalse(sql.contains("COMMIT"));
    }
}
