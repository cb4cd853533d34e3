package io.pgshift.catalog;

import static io.pgshift.catalog.PlaybookFixture.playbook;
import static io.pgshift.catalog.PlaybookFixture.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.PlanProblem.ConflictingDefinition;
import io.pgshift.catalog.PlanProblem.ForeignKeyTargetNotUnique;
import io.pgshift.catalog.PlanProblem.ForeignKeyTypeMismatch;
import io.pgshift.catalog.PlanProblem.JoinSourceNotUnique;
import io.pgshift.catalog.PlanProblem.JoinTypeMismatch;
import io.pgshift.catalog.PlanProblem.MissingRequirement;
import io.pgshift.catalog.PlanProblem.NoBatchKey;
import io.pgshift.catalog.PlanProblem.UnknownColumn;
import io.pgshift.catalog.PlanProblem.UnknownTable;
import io.pgshift.error.ErrorCode;
import io.pgshift.planner.DryRun;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ForeignKeyRef;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class PlanValidatorIT {
    private static TestDatabase db;

    @BeforeAll
    static void createSchema(TestDatabase database) {
        db = database;
        db.execute("""
                CREATE TABLE school_classes (id integer PRIMARY KEY, code text);
                CREATE TABLE users (id bigint PRIMARY KEY, email text, theme text, school_class_id integer,
                                    role text DEFAULT 'student');
                CREATE INDEX users_email_idx ON users (email);
                ALTER TABLE users ADD CONSTRAINT users_theme_check CHECK (theme <> '');
                CREATE TABLE logs (message text);
                CREATE VIEW active_users AS SELECT * FROM users;
                CREATE TABLE profiles (id bigint PRIMARY KEY);
                CREATE TABLE dupes (id bigint PRIMARY KEY, code text);
                INSERT INTO dupes VALUES (1, 'a'), (2, 'a');
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE UNIQUE INDEX CONCURRENTLY dupes_code_key ON dupes (code)");
            throw new IllegalStateException("the unique index over duplicates should have failed");
        } catch (SQLException expected) {
            // leaves dupes_code_key behind, INVALID
        }
    }

    private static ValidationResult validate(Playbook playbook) {
        try (Connection c = db.connect()) {
            return DryRun.validator().validate(playbook, DryRun.read(new CatalogReader(), c, playbook));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlanProblem onlyProblem(ValidationResult result) {
        assertEquals(1, result.problems().size(), () -> "problems: " + result.problems());
        return result.problems().get(0);
    }

    @Test
    void acceptsAPlaybookThatFitsTheDatabase() {
        ValidationResult result = validate(playbook()
                .requires("users", "id", "theme")
                .expand(new AddColumn(table("users"), "preferences", "jsonb", null, false),
                        new CreateIndex(table("users"), "users_preferences_idx", List.of("preferences"), "gin", false, null),
                        new CreateTable(table("grades"), List.of(
                                new ColumnDef("id", "bigserial", false, null, null),
                                new ColumnDef("user_id", "int8", false, null,
                                        new ForeignKeyRef(table("users"), "id", ReferentialAction.CASCADE)),
                                new ColumnDef("score", "int", true, null, null)), List.of("id")))
                .backfill("users", Map.of("preferences", "jsonb_build_object('theme', theme)"))
                .backfill("grades", Map.of("score", "0"))
                .contract(new SetNotNull(table("users"), "preferences"),
                        new AddForeignKey(table("users"), List.of("school_class_id"), table("school_classes"),
                                List.of("id"), ReferentialAction.SET_NULL, null),
                        new AddUnique(table("grades"), List.of("user_id", "score"), null),
                        new AddCheck(table("grades"), "grades_score_range", "score BETWEEN 0 AND 100"),
                        new SetDefault(table("users"), "preferences", "'{}'::jsonb"))
                .build());
        assertEquals(List.of(), result.problems());
        assertEquals(Set.of(), result.presentPaths());
    }

    @Test
    void reportsATableThatNeitherExistsNorIsCreatedEarlier() {
        ValidationResult result = validate(playbook()
                .expand(new AddColumn(table("ghosts"), "boo", "text", null, false)).build());
        UnknownTable problem = assertInstanceOf(UnknownTable.class, onlyProblem(result));
        assertEquals("expand[0].add_column.table", problem.path());
        assertEquals("table \"ghosts\" does not exist and no earlier create_table creates it", problem.message());
    }

    @Test
    void countsTablesAndColumnsCreatedByEarlierSteps() {
        ValidationResult result = validate(playbook()
                .expand(new CreateTable(table("rooms"), List.of(new ColumnDef("id", "bigint", false, null, null)),
                                List.of("id")),
                        new AddColumn(table("rooms"), "label", "text", null, false),
                        new CreateIndex(table("rooms"), "rooms_label_idx", List.of("label"), null, false, null))
                .backfill("rooms", Map.of("label", "'room ' || id"))
                .contract(new SetNotNull(table("rooms"), "label"))
                .build());
        assertEquals(List.of(), result.problems());
    }

    @Test
    void reportsUnknownColumnsWhereverTheyAreNamed() {
        ValidationResult result = validate(playbook()
                .expand(new CreateIndex(table("users"), "users_nick_idx", List.of("nick"), null, false, null))
                .backfill("users", Map.of("theme2", "'light'"))
                .contract(new SetNotNull(table("users"), "colour"))
                .build());
        assertEquals(List.of(
                new UnknownColumn("expand[0].create_index.columns", table("users"), "nick"),
                new UnknownColumn("backfill[0].set.theme2", table("users"), "theme2"),
                new UnknownColumn("contract[0].set_not_null.column", table("users"), "colour")), result.problems());
        assertEquals("table \"users\" has no column \"theme2\"", result.problems().get(1).message());
    }

    @Test
    void reportsMissingRequirementsPerTableAndColumn() {
        ValidationResult result = validate(playbook()
                .requires("users", "id", "nickname")
                .requires("teachers")
                .build());
        assertEquals(List.of(
                new MissingRequirement("requires.tables.users", table("users"), "nickname"),
                new MissingRequirement("requires.tables.teachers", table("teachers"), null)), result.problems());
        assertEquals("required column \"nickname\" of table \"users\" does not exist",
                result.problems().get(0).message());
    }

    @Test
    void reportsABackfillOfATableWithoutKey() {
        ValidationResult result = validate(playbook().backfill("logs", Map.of("message", "trim(message)")).build());
        NoBatchKey problem = assertInstanceOf(NoBatchKey.class, onlyProblem(result));
        assertEquals("backfill[0].table", problem.path());
        assertTrue(problem.message().startsWith("table \"logs\" has no primary key"), problem.message());
    }

    @Test
    void reportsAForeignKeyWhoseColumnTypeDiffersFromItsTarget() {
        ValidationResult result = validate(playbook()
                .expand(new CreateTable(table("badges"), List.of(
                        new ColumnDef("id", "bigint", false, null, null),
                        new ColumnDef("user_id", "integer", true, null,
                                new ForeignKeyRef(table("users"), "id", ReferentialAction.CASCADE))), List.of("id")))
                .build());
        ForeignKeyTypeMismatch problem = assertInstanceOf(ForeignKeyTypeMismatch.class, onlyProblem(result));
        assertEquals("expand[0].create_table.columns[1].references", problem.path());
        assertEquals("column \"user_id\" of table \"badges\" is integer but the column \"id\" of table \"users\""
                + " it references is bigint", problem.message());
    }

    @Test
    void reportsAForeignKeyToColumnsWithoutUniqueKey() {
        ValidationResult result = validate(playbook()
                .contract(new AddForeignKey(table("users"), List.of("theme"), table("school_classes"), List.of("code"),
                        ReferentialAction.NO_ACTION, "users_theme_fkey"))
                .build());
        ForeignKeyTargetNotUnique problem = assertInstanceOf(ForeignKeyTargetNotUnique.class, onlyProblem(result));
        assertEquals("contract[0].add_foreign_key", problem.path());
        assertEquals("columns \"code\" of table \"school_classes\" have no primary key or unique constraint"
                + " for a foreign key to reference", problem.message());
    }

    @Test
    void acceptsABackfillFromATableMatchedOnItsPrimaryKeyOrAWiderSet() {
        assertEquals(List.of(), validate(playbook()
                .backfillFrom("users", "school_classes", Map.of("school_class_id", "id"), Map.of("theme", "school_classes.code"))
                .build()).problems(), "integer to integer, on the primary key");
        assertEquals(List.of(), validate(playbook()
                .backfillFrom("school_classes", "users", Map.of("id", "id", "code", "email"), Map.of("code", "users.email"))
                .build()).problems(), "integer to bigint, on more columns than the primary key");
    }

    @Test
    void reportsABackfillFromAnUnknownTableOrColumns() {
        ValidationResult missingTable = validate(playbook()
                .backfillFrom("users", "classes", Map.of("school_class_id", "id"), Map.of("theme", "classes.code")).build());
        assertEquals("backfill[0].from.table", assertInstanceOf(UnknownTable.class, onlyProblem(missingTable)).path());

        ValidationResult missingColumns = validate(playbook()
                .backfillFrom("users", "school_classes", Map.of("class_id", "key"), Map.of("theme", "school_classes.code"))
                .build());
        assertEquals(List.of("table \"users\" has no column \"class_id\"", "table \"school_classes\" has no column \"key\""),
                missingColumns.problems().stream().map(PlanProblem::message).toList());
        assertEquals("backfill[0].from.on.class_id", missingColumns.problems().get(0).path());
    }

    @Test
    void reportsABackfillFromColumnsOfIncomparableTypes() {
        ValidationResult result = validate(playbook()
                .backfillFrom("users", "school_classes", Map.of("theme", "id"), Map.of("role", "school_classes.code"))
                .build());
        JoinTypeMismatch problem = assertInstanceOf(JoinTypeMismatch.class, onlyProblem(result));
        assertEquals("backfill[0].from.on.theme", problem.path());
        assertEquals("column \"theme\" of table \"users\" is text but the column \"id\" of table \"school_classes\""
                + " it is matched on is integer", problem.message());
    }

    @Test
    void reportsABackfillFromColumnsThatCouldMatchSeveralRows() {
        // dupes_code_key is INVALID: it guarantees nothing
        ValidationResult result = validate(playbook()
                .backfillFrom("users", "dupes", Map.of("theme", "code"), Map.of("role", "dupes.code")).build());
        JoinSourceNotUnique problem = assertInstanceOf(JoinSourceNotUnique.class, onlyProblem(result));
        assertEquals("backfill[0].from.on", problem.path());
        assertTrue(problem.message().startsWith("columns \"code\" of table \"dupes\" hold no primary key or unique"),
                problem.message());

        assertEquals(List.of(), validate(playbook()
                .expand(new CreateIndex(table("school_classes"), "school_classes_code_idx", List.of("code"), "btree", true,
                        null))
                .backfillFrom("users", "school_classes", Map.of("theme", "code"), Map.of("role", "school_classes.code"))
                .build()).problems(), "a unique index built in expand counts");
    }

    @Test
    void marksAnExistingColumnOfTheSameTypePresentAndAnotherTypeConflicting() {
        Playbook addNickname = playbook()
                .expand(new AddColumn(table("profiles"), "nickname", "varchar(40)", null, false)).build();
        assertEquals(Set.of(), validate(addNickname).presentPaths());

        db.execute("ALTER TABLE profiles ADD COLUMN nickname character varying(40)");
        ValidationResult again = validate(addNickname);
        assertEquals(List.of(), again.problems());
        assertEquals(Set.of("expand[0].add_column"), again.presentPaths());

        ValidationResult otherType = validate(playbook()
                .expand(new AddColumn(table("profiles"), "nickname", "integer", null, false)).build());
        ConflictingDefinition problem = assertInstanceOf(ConflictingDefinition.class, onlyProblem(otherType));
        assertEquals("expand[0].add_column", problem.path());
        assertEquals("column \"nickname\" of table \"profiles\" already exists as character varying(40),"
                + " but the playbook defines it as integer", problem.message());
    }

    @Test
    void marksASetNotNullPresentWhenAnEarlierAddColumnCreatesTheColumnNotNull() {
        ValidationResult result = validate(playbook()
                .expand(new AddColumn(table("profiles"), "currency_code", "text", "'EUR'", true),
                        new AddColumn(table("profiles"), "region", "text", null, false))
                .backfill("profiles", Map.of("region", "'eu'"))
                .contract(new SetNotNull(table("profiles"), "currency_code"), new SetNotNull(table("profiles"), "region"))
                .build());
        assertEquals(List.of(), result.problems());
        assertEquals(Set.of("contract[0].set_not_null"), result.presentPaths());
    }

    @Test
    void reportsAnExistingNullableColumnThatAddColumnWantsNotNull() {
        ValidationResult result = validate(playbook()
                .expand(new AddColumn(table("users"), "theme", "text", "'light'", true)).build());
        ConflictingDefinition problem = assertInstanceOf(ConflictingDefinition.class, onlyProblem(result));
        assertEquals("expand[0].add_column", problem.path());
        assertEquals("column \"theme\" of table \"users\" already exists as text, but the playbook defines it as"
                + " text not null", problem.message());
    }

    @Test
    void marksTablesIndexesAndConstraintsAlreadyAppliedPresent() {
        ValidationResult result = validate(playbook()
                .expand(new CreateTable(table("school_classes"), List.of(
                                new ColumnDef("id", "int4", false, null, null),
                                new ColumnDef("code", "text", true, null, null)), List.of("id")),
                        new CreateIndex(table("users"), "users_email_idx", List.of("email"), "btree", false, null))
                .contract(new SetNotNull(table("users"), "id"),
                        new AddCheck(table("users"), "users_theme_check", "theme <> ''"),
                        new SetDefault(table("users"), "role", "'student'::text"))
                .build());
        assertEquals(List.of(), result.problems());
        assertEquals(Set.of("expand[0].create_table", "expand[1].create_index", "contract[0].set_not_null",
                "contract[1].add_check", "contract[2].set_default"), result.presentPaths());
    }

    @Test
    void reportsATableThatExistsWithOtherColumns() {
        ValidationResult result = validate(playbook()
                .expand(new CreateTable(table("school_classes"), List.of(
                        new ColumnDef("id", "bigint", false, null, null)), List.of("id")))
                .build());
        ConflictingDefinition problem = assertInstanceOf(ConflictingDefinition.class, onlyProblem(result));
        assertEquals("table \"school_classes\" already exists as (\"id\" integer, \"code\" text),"
                + " but the playbook defines it as (\"id\" bigint)", problem.message());
    }

    @Test
    void reportsIndexNamesHeldByOtherIndexesOrRelations() {
        ValidationResult result = validate(playbook()
                .expand(new CreateIndex(table("users"), "users_email_idx", List.of("email"), null, true, null),
                        new CreateIndex(table("logs"), "users_pkey", List.of("message"), null, false, null),
                        new CreateIndex(table("logs"), "active_users", List.of("message"), null, false, null))
                .build());
        assertEquals(3, result.problems().size(), () -> "problems: " + result.problems());
        result.problems().forEach(p -> assertInstanceOf(ConflictingDefinition.class, p));
        assertEquals("index \"users_email_idx\" already exists as a btree index on \"users\" (\"email\"),"
                + " but the playbook defines it as a unique btree index on \"users\" (\"email\")",
                result.problems().get(0).message());
        assertEquals("relation \"users_pkey\" already exists as an index on \"users\", but the playbook defines it"
                + " as a btree index on \"logs\" (\"message\")", result.problems().get(1).message());
        assertEquals("expand[2].create_index", result.problems().get(2).path());
        assertTrue(result.problems().get(2).message().startsWith("relation \"active_users\" already exists as a view"));
    }

    @Test
    void acceptsAnInvalidIndexOfTheSameNameForRebuildButNotAsPresent() {
        ValidationResult result = validate(playbook()
                .expand(new CreateIndex(table("dupes"), "dupes_code_key", List.of("code"), null, true, null))
                .build());
        assertEquals(List.of(), result.problems());
        assertEquals(Set.of(), result.presentPaths());
    }

    @Test
    void reportsAConstraintNameHeldByAConstraintOfAnotherType() {
        ValidationResult result = validate(playbook()
                .contract(new AddUnique(table("users"), List.of("theme"), "users_theme_check"))
                .build());
        ConflictingDefinition problem = assertInstanceOf(ConflictingDefinition.class, onlyProblem(result));
        assertEquals("contract[0].add_unique", problem.path());
        assertEquals("constraint \"users_theme_check\" of table \"users\" already exists as CHECK ((theme <> ''::text)),"
                + " but the playbook defines it as UNIQUE (theme)", problem.message());
    }

    @Test
    void rejectsWithEveryProblemOnItsOwnLine() {
        Playbook playbook = playbook()
                .expand(new AddColumn(table("ghosts"), "boo", "text", null, false))
                .backfill("logs", Map.of("message", "message"))
                .build();
        PlanRejectedException e;
        try (Connection c = db.connect()) {
            CatalogSnapshot catalog = DryRun.read(new CatalogReader(), c, playbook);
            e = assertThrows(PlanRejectedException.class, () -> DryRun.validator().validateOrThrow(playbook, catalog));
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        assertEquals(ErrorCode.PLAN_REJECTED, e.code());
        assertEquals(2, e.problems().size());
        String[] lines = e.getMessage().split("\n");
        assertEquals("expand[0].add_column.table: table \"ghosts\" does not exist and no earlier create_table creates it;"
                + " check the spelling and the schema (settings.schema), or create the table in expand first", lines[0],
                "each line says what is wrong and how to fix it");
        assertTrue(lines[1].startsWith("backfill[0].table: table \"logs\" has no primary key"), lines[1]);
    }
}
