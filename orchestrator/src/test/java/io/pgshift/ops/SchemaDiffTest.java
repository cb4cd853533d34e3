package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {
    private static final ColumnInfo ID = new ColumnInfo("id", "bigint", true, null, 1);
    private static final IndexInfo PKEY = new IndexInfo("users_pkey", List.of("id"), true, true, true, false,
            "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)");

    private static TableInfo users(List<ColumnInfo> columns, List<IndexInfo> indexes, List<ConstraintInfo> constraints,
                                   List<String> triggers) {
        return new TableInfo("public", "users", 10, 8192, columns, indexes, constraints, triggers);
    }

    private static List<String> diff(TableInfo from, TableInfo to) {
        return SchemaDiff.compare(Map.of("users", from), Map.of("users", to)).stream().map(SchemaDifference::text).toList();
    }

    @Test
    void identicalTablesHaveNoDifferenceWhateverTheirSizes() {
        TableInfo a = users(List.of(ID), List.of(PKEY), List.of(), List.of());
        TableInfo b = new TableInfo("public", "users", 999_999, 1 << 30, List.of(ID), List.of(PKEY), List.of(), List.of());
        assertEquals(List.of(), SchemaDiff.compare(Map.of("users", a), Map.of("users", b)));
    }

    @Test
    void columnOnlyInToIsAddedWithItsType() {
        var from = users(List.of(ID), List.of(), List.of(), List.of());
        var to = users(List.of(ID, new ColumnInfo("locale", "text", false, null, 2)), List.of(), List.of(), List.of());
        assertEquals(List.of("+ users.locale text"), diff(from, to));
        assertEquals(List.of("- users.locale text"), diff(to, from));
    }

    @Test
    void defaultTypeAndNullabilityChangesAreEachReported() {
        var from = users(List.of(new ColumnInfo("theme", "text", false, "'light'::text", 2)), List.of(), List.of(), List.of());
        var to = users(List.of(new ColumnInfo("theme", "character varying(10)", true, null, 2)), List.of(), List.of(), List.of());
        assertEquals(List.of("~ users.theme: type text -> character varying(10)",
                "~ users.theme: nullability nullable -> not null",
                "~ users.theme: default 'light'::text -> none"), diff(from, to));
    }

    @Test
    void indexesAreComparedByDefinitionAndValidity() {
        IndexInfo email = new IndexInfo("users_email_key", List.of("email"), true, false, true, false,
                "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)");
        IndexInfo invalid = new IndexInfo("users_email_key", List.of("email"), true, false, false, false, email.definition());
        IndexInfo lower = new IndexInfo("users_email_key", List.of("lower(email)"), true, false, true, false,
                "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email))");
        var base = users(List.of(ID), List.of(email), List.of(), List.of());
        assertEquals(List.of("- index users_email_key on users: " + email.definition()),
                diff(base, users(List.of(ID), List.of(), List.of(), List.of())));
        assertEquals(List.of("~ index users_email_key on users: validity valid -> INVALID"),
                diff(base, users(List.of(ID), List.of(invalid), List.of(), List.of())));
        assertEquals(List.of("~ index users_email_key on users: definition " + email.definition() + " -> "
                + lower.definition()), diff(base, users(List.of(ID), List.of(lower), List.of(), List.of())));
    }

    @Test
    void aConstraintLeftNotValidIsADifference() {
        var valid = new ConstraintInfo("grades_score_check", 'c', List.of("score"), "CHECK (score >= 0)", true, null, null);
        var notValid = new ConstraintInfo("grades_score_check", 'c', List.of("score"), "CHECK (score >= 0) NOT VALID", false,
                null, null);
        assertEquals(List.of("~ constraint grades_score_check on users: definition CHECK (score >= 0) -> CHECK (score >= 0) NOT VALID",
                        "~ constraint grades_score_check on users: validation validated -> NOT VALID"),
                diff(users(List.of(ID), List.of(), List.of(valid), List.of()), users(List.of(ID), List.of(), List.of(notValid), List.of())));
    }

    @Test
    void triggersAndWholeTablesOnOneSideOnly() {
        var plain = users(List.of(ID), List.of(), List.of(), List.of());
        var triggered = users(List.of(ID), List.of(), List.of(), List.of("pgshift_sync_users_preferences"));
        assertEquals(List.of("+ trigger pgshift_sync_users_preferences on users"), diff(plain, triggered));
        var d = SchemaDiff.compare(Map.of("users", plain), Map.of("users", plain, "grades",
                new TableInfo("public", "grades", 0, 0, List.of(ID), List.of(), List.of(), List.of())));
        assertEquals(List.of("+ table grades"), d.stream().map(SchemaDifference::text).toList());
    }
}
