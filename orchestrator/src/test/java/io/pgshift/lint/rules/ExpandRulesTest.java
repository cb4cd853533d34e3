package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void flagsANotNullColumnWhoseDefaultIsNull() {
        List<Finding> findings = new ExpandNotNullColumnRule().check(playbook()
                .expand(new AddColumn(table("orders"), "currency_code", "text", "NULL", true),
                        new AddColumn(table("orders"), "region", "text", "(null)::text", true))
                .build());

        assertEquals(List.of("expand[0].add_column", "expand[1].add_column"),
                findings.stream().map(Finding::path).toList());
        assertTrue(findings.get(0).message().contains("with default NULL, which fills nothing"),
                findings.get(0).message());
    }

    @Test
    void acceptsANotNullColumnWithAConstantDefault() {
        assertEquals(List.of(), new ExpandNotNullColumnRule().check(playbook()
                .expand(new AddColumn(table("orders"), "currency_code", "text", "'EUR'", true),
                        new AddColumn(table("orders"), "created", "timestamptz", "now()", true))
                .build()));
    }

    @Test
    void pointsAColumnAddedNotNullWithoutDefaultToTheFastPath() {
        Finding finding = new ExpandNotNullColumnRule().check(playbook()
                .expand(new AddColumn(table("orders"), "currency_code", "text", null, true)).build()).get(0);

        assertTrue(finding.hint().startsWith("give it a constant default: not_null: true with a non-volatile default "
                + "only changes the catalog"), finding.hint());
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
