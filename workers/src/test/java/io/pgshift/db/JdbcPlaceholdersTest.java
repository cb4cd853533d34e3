package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JdbcPlaceholdersTest {
    @Test
    void doublesOperatorQuestionMarks() {
        assertEquals("preferences ?? 'theme'", JdbcPlaceholders.escape("preferences ? 'theme'"));
        assertEquals("tags ??| array['a'] AND tags ??& array['b']", JdbcPlaceholders.escape("tags ?| array['a'] AND tags ?& array['b']"));
    }

    @Test
    void leavesLiteralsIdentifiersAndCommentsAlone() {
        assertEquals("x = 'why?' AND y = E'it\\'s?' AND \"odd?\" ?? 'k' -- really?\n",
                JdbcPlaceholders.escape("x = 'why?' AND y = E'it\\'s?' AND \"odd?\" ? 'k' -- really?\n"));
        assertEquals("/* a? /* b? */ c? */ v ?? 'k' AND w = $q$?$q$ AND z = 'it''s?'",
                JdbcPlaceholders.escape("/* a? /* b? */ c? */ v ? 'k' AND w = $q$?$q$ AND z = 'it''s?'"));
    }

    @Test
    void noQuestionMarkNoChange() {
        assertEquals("coalesce(theme, 'light')", JdbcPlaceholders.escape("coalesce(theme, 'light')"));
        assertNull(JdbcPlaceholders.escape(null));
    }
}
