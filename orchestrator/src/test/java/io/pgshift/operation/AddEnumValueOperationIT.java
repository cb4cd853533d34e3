package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.CatalogReader;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.ValidationResult;
import io.pgshift.planner.DryRun;
import io.pgshift.plan.Statement;
import io.pgshift.playbook.AddEnumValue;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * add_enum_value against a real catalog: the reader sees the labels of the types a playbook names
 * (in the same snapshot as its tables), plan refuses what cannot be placed and finds a present
 * value, and the planned statement puts the value where it was asked, guarded by pg_enum.
 */
@ExtendWith(PgDatabaseExtension.class)
class AddEnumValueOperationIT {
    private static final TableRef ROLE = new TableRef("app", "user_role");
    private static TestDatabase db;

    @BeforeAll
    static void createTypes(TestDatabase database) {
        db = database;
        db.execute("CREATE SCHEMA app;"
                + "CREATE TYPE app.user_role AS ENUM ('student', 'admin');"
                + "CREATE TYPE app.point2 AS (x int, y int);"
                + "CREATE TABLE app.users (id bigint PRIMARY KEY, role app.user_role NOT NULL)");
    }

    private static ValidationResult validate(String steps) throws Exception {
        Playbook playbook = new PlaybookParser().parse("p.yaml", "name: enum\nsettings: {schema: app}\nexpand:\n" + steps);
        try (Connection c = db.connect()) {
            return DryRun.validator().validate(playbook, DryRun.read(new CatalogReader(), c, playbook));
        }
    }

    @Test
    void readsTheLabelsOfEnumTypesInOrderAndNothingForOtherTypes() throws Exception {
        try (Connection c = db.connect()) {
            CatalogSnapshot snapshot = new CatalogReader().read(c, Set.of(new TableRef("app", "users")), Set.of(),
                    Set.of(ROLE, new TableRef("app", "point2"), new TableRef("app", "nothing")));
            assertEquals(Optional.of(List.of("student", "admin")), snapshot.enumLabels(ROLE));
            assertEquals(Optional.empty(), snapshot.enumLabels(new TableRef("app", "point2")), "not an enum");
            assertEquals(Optional.empty(), snapshot.enumLabels(new TableRef("app", "nothing")));
            assertTrue(snapshot.table(new TableRef("app", "users")).isPresent());
        }
    }

    @Test
    void refusesAnUnknownTypeOrNeighbourAndCountsEarlierSteps() throws Exception {
        ValidationResult unknown = validate("  - add_enum_value: {type: point2, value: z}\n"
                + "  - add_enum_value: {type: user_role, value: teacher, before: Student}\n"
                + "  - add_enum_value: {type: user_role, value: guest}\n"
                + "  - add_enum_value: {type: user_role, value: owner, after: guest}\n");
        assertEquals(List.of(new PlanProblem.UnknownEnumType("expand[0].add_enum_value.type", new TableRef("app", "point2")),
                new PlanProblem.UnknownEnumLabel("expand[1].add_enum_value.before", ROLE, "Student")), unknown.problems());
        assertEquals("enum type \"app.user_role\" has no value 'Student'", unknown.problems().get(1).message());
        assertEquals(Set.of(), unknown.presentPaths());
    }

    @Test
    void aValueTheTypeHasIsPresent() throws Exception {
        ValidationResult result = validate("  - add_enum_value: {type: app.user_role, value: admin, before: student}\n");
        assertEquals(List.of(), result.problems());
        assertEquals(Set.of("expand[0].add_enum_value"), result.presentPaths());
    }

    @Test
    void thePlannedStatementPlacesTheValueAndItsGuardThenSaysPresent() throws Exception {
        db.execute("CREATE TYPE app.mood AS ENUM ('sad', 'happy')");
        AddEnumValue step = new AddEnumValue(new TableRef("app", "mood"), "it's ok", null, "sad");
        Statement add = new AddEnumValueOperation(step).apply().get(0);
        assertEquals(false, db.queryValue(add.guard()));
        try (Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute(add.sql());
            s.execute(add.sql()); // IF NOT EXISTS: a re-run is a no-op
        }
        assertEquals(true, db.queryValue(add.guard()));
        assertEquals("sad,it's ok,happy", db.queryValue("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder)"
                + " FROM pg_enum WHERE enumtypid = 'app.mood'::regtype"));
        // committed alone, the next statement may use it at once
        db.execute("CREATE TABLE app.moods (m app.mood DEFAULT 'it''s ok')");
    }
}
