package io.pgshift.ops.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.operation.TableNeeds;
import io.pgshift.operation.TableNeeds.Need;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.PlaybookParser;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightRulesTest {
    private static final String PLAYBOOK = """
            name: p
            requires:
              tables:
                users: [id]
            expand:
              - create_table:
                  table: surveys
                  columns:
                    - {name: id, type: bigint}
                    - {name: user_id, type: bigint, references: {table: users, column: id}}
                  primary_key: [id]
              - add_column: {table: grades, column: note, type: text}
            backfill:
              - table: grades
                set: {note: "'n/a'"}
                keep_in_sync: true
                throttle: {max_replication_lag: 2s}
            contract:
              - add_unique: {table: grades, columns: [note]}
            """;

    @Test
    void eachTableNeedsWhatThePlaybookDoesToIt() throws Exception {
        TableNeeds needs = TableNeeds.of(new PlaybookParser().parse("p.yaml", PLAYBOOK));
        assertEquals(EnumSet.of(Need.SELECT, Need.REFERENCES), needs.byTable().get(new TableRef("public", "users")));
        assertEquals(EnumSet.of(Need.SELECT, Need.CREATE_IN_SCHEMA), needs.byTable().get(new TableRef("public", "surveys")));
        assertEquals(EnumSet.of(Need.SELECT, Need.ALTER, Need.UPDATE, Need.TRIGGER), needs.byTable().get(new TableRef("public", "grades")));
        assertTrue(needs.buildsIndexes(), "add_unique builds a concurrent index");
    }

    @Test
    void theStrictestBackfillThrottleIsTheLagThreshold() throws Exception {
        var playbook = new PlaybookParser().parse("p.yaml", PLAYBOOK);
        assertEquals(Duration.ofSeconds(2), ReplicationLagCheck.threshold(playbook.backfill()));
        assertEquals(Duration.ofSeconds(5), ReplicationLagCheck.threshold(List.of()));
    }

    @Test
    void diskEstimateIsRowsTimesAverageRowWidth() {
        String e = DiskHeadroomCheck.estimate(new TableRef("public", "users"), 1_000_000, 12_500, 12_500 * 8192L, 50L << 20);
        assertEquals("users: ~1000000 rows x 102 bytes/row (relpages x 8192 / reltuples) = ~97.3 MB of new row versions,"
                + " plus up to 50.0 MB of index entries if updates are not HOT; reclaimed by VACUUM afterwards", e);
        assertTrue(DiskHeadroomCheck.estimate(new TableRef("public", "t"), -1, 0, 0, 0).contains("never analysed"));
    }
}
