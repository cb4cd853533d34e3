package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.BlackholeProxy;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address a high-availability cluster gives its clients: every node, in libpq's URI form,
 * the primary found by {@code target_session_attrs}. The first node is down (nothing listens on
 * its port), the second is the server, reached through a proxy so the test sees which address was
 * used. {@code apply} with a backup (pg_dump, and a restore into a scratch database to verify it)
 * works there, as the user written in the address. Before, the URI had no host for
 * {@link java.net.URI}: pgshift connected to localhost:5432 as the OS user, whatever answered there.
 */
@ExtendWith(PgDatabaseExtension.class)
class MultiHostUrlIT {
    @TempDir
    Path dir;

    @Test
    void applyAndItsBackupReachThePrimaryOfAHostList(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t_multi (id bigserial PRIMARY KEY, n int NOT NULL);"
                + " INSERT INTO t_multi (n) SELECT g FROM generate_series(1, 2000) g");
        Path playbook = Files.writeString(dir.resolve("multi.yaml"), """
                name: multihost
                expand:
                  - add_column: {table: t_multi, column: doubled, type: bigint}
                backfill:
                  - table: t_multi
                    set: {doubled: "n * 2"}
                    keep_in_sync: true
                contract:
                  - set_not_null: {table: t_multi, column: doubled}
                """);
        String user = db.url().user() == null ? "postgres" : db.url().user();
        try (BlackholeProxy proxy = BlackholeProxy.inFrontOf(db.url())) {
            String cluster = "postgresql://" + user + "@127.0.0.1:1,127.0.0.1:" + proxy.port() + "/" + db.name()
                    + "?target_session_attrs=read-write";
            Cli.Result result = Cli.run("apply", playbook.toString(), "--database-url", cluster,
                    "--backup-dir", dir.resolve("backups").toString(), "--verify-restore", "--actor", "multi-test");
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("restore verified"), result.out());
            assertTrue(proxy.accepted() > 0, "the second host of the list was used");
        }
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE playbook_name = 'multihost'"));
        assertEquals(user, db.queryValue("SELECT tableowner FROM pg_tables WHERE schemaname = 'pgshift' AND tablename = 'run'"),
                "pgshift's tables created by the user written in the address");
        assertEquals(0, db.queryLong("SELECT count(*) FROM t_multi WHERE doubled IS DISTINCT FROM n * 2"));
    }
}
