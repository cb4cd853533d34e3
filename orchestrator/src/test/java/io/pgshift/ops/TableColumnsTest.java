package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.ops.TableColumns.Column;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableColumnsTest {
    private static final TableRef USERS = new TableRef("public", "users");
    private static final Column ID = new Column("id", "bigint", false);
    private static final Column EMAIL = new Column("email", "text", false);
    private static final Column LOWER = new Column("email_lower", "text", true);

    @Test
    void theSameColumnsInAnotherOrderMatchAndGeneratedOnesAreNotCopied() {
        TableColumns backup = new TableColumns(USERS, List.of(ID, EMAIL, LOWER));
        assertEquals(Optional.empty(), backup.mismatch(new TableColumns(USERS, List.of(EMAIL, LOWER, ID))));
        assertEquals("\"id\", \"email\"", backup.copyList());
    }

    @Test
    void aColumnAddedSinceTheBackupIsRefusedWithHowToDropIt() {
        TableColumns backup = new TableColumns(USERS, List.of(ID, EMAIL));
        String why = backup.mismatch(new TableColumns(USERS, List.of(ID, EMAIL, new Column("locale", "text", false))))
                .orElseThrow();
        assertTrue(why.startsWith("users no longer matches the backup: column locale (text) was added since the backup"), why);
        assertTrue(why.contains("ALTER TABLE \"public\".\"users\" DROP COLUMN \"locale\""), why);
    }

    @Test
    void aDroppedOrRetypedColumnIsRefused() {
        TableColumns backup = new TableColumns(USERS, List.of(ID, EMAIL));
        assertTrue(backup.mismatch(new TableColumns(USERS, List.of(ID))).orElseThrow()
                .contains("column email (text) of the backup is gone"));
        assertTrue(backup.mismatch(new TableColumns(USERS, List.of(new Column("id", "integer", false), EMAIL))).orElseThrow()
                .contains("column id is id (bigint) in the backup but id (integer) now"));
    }
}
