package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.RepoFiles;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role recipe of docs/DEPLOYMENT.md, taken from the file itself: a role made exactly so, and
 * nothing more (no superuser, no table privilege of its own), applies an expand, backfill and
 * contract playbook to a table another role owns, and the application's role can use what it
 * created. With table privileges instead of the membership in the owning role, apply stops on
 * PostgreSQL's own message, the table unchanged.
 * Roles are cluster-wide, so this class names its own and drops them afterwards.
 */
@ExtendWith(PgDatabaseExtension.class)
class DeploymentRoleIT {
    private static final String SUFFIX = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private static final String ROLE = "pgshift_it_" + SUFFIX;
    private static final String OWNER = "app_owner_it_" + SUFFIX;
    private static final String APP = "app_rw_it_" + SUFFIX;
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void recipe(TestDatabase database) throws Exception {
        db = database;
        db.execute("CREATE ROLE " + OWNER + " NOLOGIN; CREATE ROLE " + APP + " NOLOGIN;"
                + " CREATE TABLE users (id bigint PRIMARY KEY, theme text);"
                + " INSERT INTO users SELECT g, CASE WHEN g % 3 = 0 THEN 'dark' END FROM generate_series(1, 3000) g;"
                + " CREATE TABLE accounts (id bigint PRIMARY KEY);"
                + " ALTER TABLE users OWNER TO " + OWNER + "; ALTER TABLE accounts OWNER TO " + OWNER + ";"
                + " GRANT USAGE ON SCHEMA public TO " + APP + ";"
                + " GRANT SELECT, INSERT, UPDATE, DELETE ON users, accounts TO " + APP);
        db.execute(recipeFromDocs());
    }

    @AfterAll
    static void dropRoles() {
        // the database itself is dropped by the extension; roles outlive it unless dropped here
        // one role per DROP OWNED: several at once trip over the shared default privileges
        for (String role : new String[] {ROLE, APP, OWNER}) {
            db.execute("DROP OWNED BY " + role + " CASCADE");
        }
        db.execute("DROP ROLE " + ROLE + "; DROP ROLE " + APP + "; DROP ROLE " + OWNER);
    }

    /** The ```sql block under "## The pgshift role", with this class's role and database names. */
    static String recipeFromDocs() throws Exception {
        String doc = Files.readString(RepoFiles.root().resolve("docs/DEPLOYMENT.md"));
        Matcher m = Pattern.compile("## The pgshift role.*?```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/DEPLOYMENT.md has no ```sql block under \"## The pgshift role\"");
        return m.group(1)
                .replaceAll("\\bapp_owner\\b", OWNER)
                .replaceAll("\\bapp_rw\\b", APP)
                .replaceAll("\\bDATABASE app\\b", "DATABASE \"" + db.name() + "\"")
                .replaceAll("\\bpgshift\\b", ROLE);
    }

    private String asRole() {
        String url = db.url().jdbcUrl().replaceAll("[?&](user|password)=[^&]*", "");
        return url + (url.contains("?") ? "&" : "?") + "user=" + ROLE + "&password=change-me";
    }

    private Path playbook(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theRecipesRoleAppliesAnExpandBackfillContractPlaybook() throws Exception {
        assertEquals(Boolean.FALSE, db.queryValue("SELECT rolsuper FROM pg_roles WHERE rolname = '" + ROLE + "'"));
        Path file = playbook("prefs", """
                name: role-recipe-prefs
                settings: {lock_timeout: 2s}
                expand:
                  - add_column: {table: users, column: preferences, type: jsonb}
                  - create_index: {table: users, name: users_theme_idx, columns: [theme]}
                  - create_table:
                      table: user_notes
                      columns:
                        - {name: id, type: bigint generated always as identity, nullable: false}
                        - {name: user_id, type: bigint, references: {table: users, column: id}}
                      primary_key: [id]
                backfill:
                  - table: users
                    set:
                      preferences: "jsonb_build_object('theme', coalesce(theme, 'light'))"
                    keep_in_sync: true
                contract:
                  - set_not_null: {table: users, column: preferences}
                """);
        var result = assertTimeoutPreemptively(Duration.ofMinutes(3),
                () -> Cli.run("apply", file.toString(), "--database-url", asRole(), "--actor", "role-it"));
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertEquals(0L, db.queryLong("SELECT count(*) FROM users WHERE preferences IS NULL"));
        assertEquals("NO", db.queryValue("SELECT is_nullable FROM information_schema.columns"
                + " WHERE table_name = 'users' AND column_name = 'preferences'"));
        // the application's role writes through the retained sync trigger and uses the new table
        db.execute("SET ROLE " + APP + "; INSERT INTO users (id, theme) VALUES (5001, 'dark');"
                + " INSERT INTO user_notes (user_id) VALUES (5001); RESET ROLE");
        assertEquals("{\"theme\": \"dark\"}", db.queryValue("SELECT preferences::text FROM users WHERE id = 5001"));
    }

    @Test
    void tablePrivilegesWithoutMembershipInTheOwningRoleAreRefusedBeforeAnythingChanges() throws Exception {
        // what a team might try instead of the membership: every table privilege there is
        db.execute("REVOKE " + OWNER + " FROM " + ROLE + "; GRANT ALL ON accounts TO " + ROLE);
        try {
            Path file = playbook("accounts", "name: role-recipe-accounts\nexpand:\n"
                    + "  - add_column: {table: accounts, column: note, type: text}\n");
            var result = assertTimeoutPreemptively(Duration.ofMinutes(3),
                    () -> Cli.run("apply", file.toString(), "--database-url", asRole(), "--actor", "role-it"));
            assertEquals(5, result.exitCode(), result.out() + result.err());
            assertTrue(result.err().contains("privileges: accounts: role " + ROLE + " lacks ALTER (owner " + OWNER
                    + "); DDL needs the owner: GRANT " + OWNER + " TO " + ROLE), result.out() + result.err());
            assertEquals(0L, db.queryLong("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'accounts' AND column_name = 'note'"));
        } finally {
            db.execute("REVOKE ALL ON accounts FROM " + ROLE + "; GRANT " + OWNER + " TO " + ROLE);
        }
    }
}
