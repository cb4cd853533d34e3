package io.pgshift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Types;
import org.junit.jupiter.api.Test;

class AssignmentsTest {
    @Test
    void eachSetWritesItsOwnPlaceholderAndCountsIt() {
        Assignments a = new Assignments().set("attempts", 3, Types.INTEGER).setSql("finished_at", "clock_timestamp()")
                .set("error", null, Types.VARCHAR);
        assertEquals("attempts = ?, finished_at = clock_timestamp(), error = ?", a.sql());
        assertEquals(2, a.size());
    }

    @Test
    void anExpressionMayNotHideAPlaceholder() {
        assertThrows(IllegalArgumentException.class, () -> new Assignments().setSql("rows", "coalesce(?, 0)"));
    }
}
