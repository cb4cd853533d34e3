package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.lint.Finding;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpandRulesTest {
    @Test
    void flagsAColumnAddedNotNull() {
        List<Finding> findings = new ExpandNotNullColumnRule().check(playbook()
                .expand(addColumn("users", "theme", "text"),
                        new AddColumn(table("users"), "prefs", "jsonb", null, true))
                .build());

        assertEquals(List.of("expand[1].add_column"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void acceptsNotNullColumnsOfANewTable() {
        CreateTable created = new CreateTable(table("classes"),
                List.of(new ColumnDef("id", "bigint", false, null, null),
                        new ColumnDef("name", "text", false, null, null)),
                List.of("id"));

        assertEquals(List.of(), new ExpandNotNullColumnRule().check(playbook().expand(created).build()));
    }

    @Test
    void flagsVolatileDefaultsAndSerialTypes() {
        List<Finding> findings = new ExpandVolatileDefaultRule().check(playbook()
                .expand(addColumnWithDefault("users", "token", "uuid", "gen_random_uuid()"),
                        addColumnWithDefault("users", "seen", "timestamptz", "clock_timestamp()"),
                        addColumn("users", "seq", "bigserial"))
                .build());

        assertEquals(List.of("expand[0].add_column", "expand[1].add_column", "expand[2].add_column"),
                findings.stream().map(Finding::path).toList());
    }

    @Test
    void acceptsNonVolatileDefaultsIncludingNow() {
        assertEquals(List.of(), new ExpandVolatileDefaultRule().check(playbook()
                .expand(addColumnWithDefault("users", "created", "timestamptz", "now()"),
                        addColumnWithDefault("users", "score", "int", "0"),
                        addColumnWithDefault("users", "prefs", "jsonb", "'{}'::jsonb"))
                .build()));
    }
}
