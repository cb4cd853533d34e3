package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.playbook.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpContentsTest {
    // pg_restore 15's --list of a pgshift backup of users and grades
    private static final String LIST = """
            ;
            ; Archive created at 2026-12-04 07:57:52 UTC
            ;     dbname: app
            ;     TOC Entries: 16
            ;
            ; Selected TOC Entries:
            ;
            217; 1259 16584 TABLE public grades postgres
            216; 1259 16583 SEQUENCE public grades_id_seq postgres
            215; 1259 16573 TABLE audit events postgres
            3354; 0 16584 TABLE DATA public grades postgres
            3352; 0 16573 TABLE DATA audit events postgres
            3361; 0 0 SEQUENCE SET public grades_id_seq postgres
            3206; 2606 16590 CONSTRAINT public grades grades_pkey postgres
            3207; 1259 16596 INDEX public grades_student_id_idx postgres
            3208; 2606 16591 FK CONSTRAINT public grades grades_student_id_fkey postgres
            3209; 2620 16597 TRIGGER public grades pgshift_sync postgres
            """;

    @Test
    void readsTheSourceDatabaseAndTheTablesButNotTheirDataEntries() {
        DumpContents contents = DumpContents.parse(LIST);
        assertEquals("app", contents.database());
        assertEquals(List.of(new TableRef("public", "grades"), new TableRef("audit", "events")), contents.tables());
        assertEquals(10, contents.entries().size());
    }

    @Test
    void foreignKeysAndTriggersAreRestoredApartSinceTheyMayNeedWhatTheBackupLacks() {
        DumpContents contents = DumpContents.parse(LIST);
        assertEquals(List.of("3208; 2606 16591 FK CONSTRAINT public grades grades_student_id_fkey postgres",
                "3209; 2620 16597 TRIGGER public grades pgshift_sync postgres"), contents.outward());
        assertEquals(8, contents.inward().size());
    }
}
