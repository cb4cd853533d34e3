package io.pgshift.plan.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.RepoFiles;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.Plan;
import io.pgshift.planner.DryRun;
import io.pgshift.planner.Planner;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.PlaybookParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release note of a playbook planned on a catalog built by hand (no database). */
class ReleaseNotesTest {
    private static final TableInfo USERS = new TableInfo("public", "users", 120_000, 16 << 20,
            List.of(new ColumnInfo("id", "bigint", true, null, 1), new ColumnInfo("email", "text", true, null, 2),
                    new ColumnInfo("theme", "text", false, null, 3), new ColumnInfo("legacy_theme", "text", false, null, 4)),
            List.of(new IndexInfo("users_pkey", List.of("id"), true, true, true, false,
                    "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)")), List.of(), List.of());
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot("app", "15.4", 150004,
            Map.of(new TableRef("public", "users"), USERS));

    private static String notes(Playbook playbook, BackupTerms backups, List<String> warnings) {
        var result = DryRun.validator().validate(playbook, CATALOG).orThrow();
        Plan plan = new Planner().plan(playbook, CATALOG, result.presentPaths());
        return new ReleaseNotes().render(playbook, plan, backups, warnings);
    }

    private static void has(String notes, String... parts) {
        for (String part : parts) {
            assertTrue(notes.contains(part), "missing '" + part + "' in:\n" + notes);
        }
    }

    @Test
    void uniqueEmailNamesItsIndexBuildItsLocksNoLossAndItsUndo() {
        Playbook playbook = new PlaybookParser().parse(RepoFiles.path("playbooks/003-unique-email.yaml"));
        String notes = notes(playbook, BackupTerms.NONE, List.of());
        has(notes, "# unique-email\n\nEnforce one account per email address\n",
                "planned against database `app` (PostgreSQL 15.4)",
                "## What changes\n", "### Contract\n", "- `users`\n",
                "## Locks, scans and rewrites\n", "| Step | Statement | Lock | Blocks | Table access |", "| [2] | `CREATE UNIQUE INDEX CONCURRENTLY",
                "SHARE UPDATE EXCLUSIVE on `users` | other DDL and VACUUM (not reads or writes) | scans the table,"
                        + " outside a transaction |",
                "## Data at risk\n\nNone: nothing is dropped",
                "## Backups\n\nThe target's policy (none) requires no backup.",
                "## Estimated durations\n\nNo backfill, so no estimate",
                "## Rollback\n", "undone by\n  ```sql\n");
        assertFalse(notes.contains("### Expand"), notes);
        // headings in the order a reader needs them
        int changes = notes.indexOf("## What changes");
        int locks = notes.indexOf("## Locks");
        int risk = notes.indexOf("## Data at risk");
        int backups = notes.indexOf("## Backups");
        int rollback = notes.indexOf("## Rollback");
        assertTrue(changes < locks && locks < risk && risk < backups && backups < rollback, notes);
    }

    @Test
    void aDropIsDataAtRiskNotUndoneAndThePolicysBackupIsNamed() {
        Playbook playbook = new PlaybookParser().parse("drop.yaml", """
                name: drop-legacy-theme
                description: Retire users.legacy_theme, unused since 4.2
                expand:
                  - add_column: {table: users, column: locale, type: text}
                contract:
                  - drop_column: {table: users, column: legacy_theme}
                """);
        String notes = notes(playbook, new BackupTerms(true, true, "backup required and its restore verified",
                List.of("users")), List.of("`expand[0].sql`: DROP TABLE x removes data"));
        has(notes, "# drop-legacy-theme\n\nRetire users.legacy_theme, unused since 4.2\n",
                "### Expand\n", "### Contract\n",
                "drop column users.legacy_theme (its data is lost: ~120,000 rows)",
                "## Data at risk\n\n- [", "legacy_theme (its data is lost: ~120,000 rows): dropped for good, not undone by rollback",
                "- `expand[0].sql`: DROP TABLE x removes data",
                "A rollback does not bring dropped data back",
                "requires a backup before expand, its restore verified in a scratch database",
                "it covers `users`",
                "not undone (dropped data cannot be re-created: restore it from a backup)",
                "not undone (kept: it may hold data written since; --drop-data drops it)\n  with `--drop-data`:\n  ```sql\n");
        // rollback goes newest first: the drop (contract) is listed before the added column (expand)
        int rollback = notes.indexOf("## Rollback");
        assertTrue(notes.indexOf("### Contract", rollback) < notes.indexOf("### Expand", rollback), notes);
    }

    @Test
    void aBackfillGivesItsEstimate() throws Exception {
        Playbook playbook = new PlaybookParser().parse("fill.yaml", """
                name: fill-theme
                description: Give every user a theme
                backfill:
                  - table: users
                    set: {theme: "'light'"}
                    where: theme IS NULL
                    batch: {size: 1000, target_ms: 100}
                """);
        String notes = notes(playbook, BackupTerms.NONE, List.of());
        has(notes, "### Backfill\n", "~120,000 rows in ~120 batches", "Backfills in all: ~",
                "not undone (values written stay)");
    }
}
