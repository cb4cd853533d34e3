package io.pgshift.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepPathTest {
    @Test
    void writesTodaysTextForEachSection() {
        assertEquals("expand[0].add_column", StepPath.expand(0, "add_column").toString());
        assertEquals("backfill[2]", StepPath.backfill(2).toString());
        assertEquals("backfill[2].keep_in_sync", StepPath.backfill(2).with("keep_in_sync").toString());
        assertEquals("contract[11].set_not_null", StepPath.contract(11, "set_not_null").toString());
    }

    @Test
    void parsesWhatItWritesBackToTheSamePath() {
        for (String text : new String[] {"expand[0].add_column", "backfill[2]", "backfill[10].keep_in_sync",
                "contract[1].drop_column", "expand[3].alter_column_type"}) {
            StepPath path = StepPath.parse(text);
            assertEquals(text, path.toString());
            assertEquals(path, StepPath.parse(path.toString()));
        }
    }

    @Test
    void parsesTheSectionTheIndexAndTheKey() {
        StepPath path = StepPath.parse("contract[4].add_unique");
        assertEquals(StepPath.Section.CONTRACT, path.section());
        assertEquals(4, path.index());
        assertEquals("add_unique", path.key());
        assertNull(StepPath.parse("backfill[7]").key());
    }

    @Test
    void refusesTextThatIsNotAStepPath() {
        for (String text : new String[] {"contract", "expand[x].add_column", "expand[1]:rollback", "setup[0]",
                "backfill[1].set.email", "expand[0].", "[0]"}) {
            assertThrows(IllegalArgumentException.class, () -> StepPath.parse(text), text);
        }
    }

    @Test
    void refusesANegativeIndexOrAKeyOfSeveralWords() {
        assertThrows(IllegalArgumentException.class, () -> StepPath.backfill(-1));
        assertThrows(IllegalArgumentException.class, () -> StepPath.backfill(0).with("set.email"));
        assertThrows(IllegalArgumentException.class, () -> StepPath.expand(0, ""));
    }
}
