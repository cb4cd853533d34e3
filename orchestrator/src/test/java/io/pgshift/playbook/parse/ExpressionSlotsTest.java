package io.pgshift.playbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every field pasted into SQL as an expression, and every column type, is refused with its path and line when it is more. */
class ExpressionSlotsTest {
    private static final String STACKED = "\"0; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600)\"";
    private final PlaybookParser parser = new PlaybookParser();

    private PlaybookProblem onlyProblem(String yaml) {
        List<PlaybookProblem> all = assertThrows(PlaybookInvalidException.class, () -> parser.parse("pb.yaml", yaml))
                .problems();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private void assertRefused(String yaml, int line, String path) {
        PlaybookProblem p = onlyProblem(yaml);
        assertEquals(line, p.location().line(), p.render());
        assertEquals(path, p.path(), p.render());
        assertTrue(p.message().startsWith("expected one SQL expression (") || p.message().startsWith("expected one predicate"),
                p.render());
    }

    @Test
    void refusesAStackedStatementInEveryExpressionSlot() {
        assertRefused("name: x\nexpand:\n  - add_column: {table: users, column: n, type: int, default: " + STACKED + "}\n",
                3, "expand[0].add_column.default");
        assertRefused("name: x\nexpand:\n  - create_table:\n      table: t\n      columns:\n"
                + "        - {name: id, type: bigint, default: " + STACKED + "}\n      primary_key: [id]\n",
                6, "expand[0].create_table.columns[0].default");
        assertRefused("name: x\nexpand:\n  - alter_column_type: {table: users, column: n, type: bigint, using: "
                + STACKED + "}\n", 3, "expand[0].alter_column_type.using");
        assertRefused("name: x\nexpand:\n  - create_index: {table: users, columns: [n], where: " + STACKED + "}\n",
                3, "expand[0].create_index.where");
        assertRefused("name: x\ncontract:\n  - add_check: {table: users, name: c, check: " + STACKED + "}\n",
                3, "contract[0].add_check.check");
        assertRefused("name: x\ncontract:\n  - set_default: {table: users, column: n, default: " + STACKED + "}\n",
                3, "contract[0].set_default.default");
        assertRefused("name: x\nbackfill:\n  - table: users\n    set: {n: " + STACKED + "}\n", 4, "backfill[0].set.n");
        assertRefused("name: x\nbackfill:\n  - table: users\n    set: {n: \"1\"}\n    where: " + STACKED + "\n",
                5, "backfill[0].where");
        assertRefused("name: x\ncontract:\n  - verify: {table: users, where: " + STACKED + "}\n",
                3, "contract[0].verify.where");
    }

    @Test
    void refusesATriggerBodyTagAndAComment() {
        assertRefused("name: x\nbackfill:\n  - table: users\n    set: {n: \"'$pgshift$ END; $pgshift$'\"}\n", 4,
                "backfill[0].set.n");
        assertRefused("name: x\nexpand:\n  - add_column: {table: users, column: n, type: int, default: \"0 -- why\"}\n",
                3, "expand[0].add_column.default");
    }

    @Test
    void acceptsQuotedSemicolonsAndMultiLineExpressions() throws Exception {
        parser.parse("pb.yaml", "name: x\nbackfill:\n  - table: users\n    set:\n      note: |\n        CASE WHEN n > 0\n"
                + "             THEN 'a; b' ELSE E'it\\'s' END\n    where: \"(n IS NULL)\"\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text unique", "bigint references users", "bigint generated always as identity",
            "int default 1", "text collate \"C\"", "text not null", "int primary key", "numeric(10,2) check (true)"})
    void refusesAColumnTypeWithAConstraint(String type) {
        PlaybookProblem p = onlyProblem("name: x\nexpand:\n  - add_column: {table: users, column: n, type: '" + type + "'}\n");
        assertEquals("expand[0].add_column.type", p.path(), p.render());
        assertTrue(p.message().startsWith("expected a type name only"), p.render());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bigint", "text[]", "varchar(255)", "numeric(10, 2)", "numeric(10,-2)", "double precision",
            "character varying(20)", "char varying", "bit varying(8)", "timestamp with time zone",
            "timestamp(3) without time zone", "time without time zone", "interval", "interval day to second(3)",
            "interval year", "public.mood", "int[][]", "integer[3]", "TIMESTAMPTZ"})
    void acceptsATypeName(String type) throws Exception {
        parser.parse("pb.yaml", "name: x\nexpand:\n  - add_column: {table: users, column: n, type: '" + type + "'}\n");
    }

    @Test
    void aNewTableMayTakeAnIdentity() throws Exception {
        parser.parse("pb.yaml", "name: x\nexpand:\n  - create_table:\n      table: t\n      columns:\n"
                + "        - {name: id, type: bigint generated always as identity, nullable: false}\n      primary_key: [id]\n");
        PlaybookProblem p = onlyProblem("name: x\nexpand:\n  - create_table:\n      table: t\n      columns:\n"
                + "        - {name: id, type: bigint unique}\n      primary_key: [id]\n");
        assertEquals("expand[0].create_table.columns[0].type", p.path(), p.render());
    }
}
