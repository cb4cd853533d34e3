package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pgshift.db.DatabaseUrl;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgEnvironmentTest {
    @Test
    void oneHostWithItsCredentialsAndSslMode() {
        Map<String, String> env = PgEnvironment.of(DatabaseUrl.parse("postgresql://ops:pw@db.example:6543/shop?sslmode=require"));
        assertEquals("db.example", env.get("PGHOST"));
        assertEquals("6543", env.get("PGPORT"));
        assertEquals("shop", env.get("PGDATABASE"));
        assertEquals("ops", env.get("PGUSER"));
        assertEquals("pw", env.get("PGPASSWORD"));
        assertEquals("require", env.get("PGSSLMODE"));
    }

    @Test
    void everyHostOfAClusterWithThePrimaryAsked() {
        Map<String, String> env = PgEnvironment.of(DatabaseUrl.parse(
                "postgresql://ops@db1:5432,db2:5433,[2001:db8::5]/shop?target_session_attrs=read-write&connect_timeout=4"));
        assertEquals("db1,db2,2001:db8::5", env.get("PGHOST"));
        assertEquals("5432,5433,5432", env.get("PGPORT"));
        assertEquals("read-write", env.get("PGTARGETSESSIONATTRS"));
        assertEquals("4", env.get("PGCONNECT_TIMEOUT"));
    }

    @Test
    void theJdbcFormsNamesToo() {
        Map<String, String> env = PgEnvironment.of(DatabaseUrl.parse(
                "jdbc:postgresql://a:5432,b:5432/app?user=u&targetServerType=preferSecondary"));
        assertEquals("a,b", env.get("PGHOST"));
        assertEquals("prefer-standby", env.get("PGTARGETSESSIONATTRS"));
        assertEquals("u", env.get("PGUSER"));
    }

    @Test
    void aChildsOwnPgSettingsCannotRedirectIt() {
        Map<String, String> child = new HashMap<>(Map.of("PGHOST", "elsewhere", "PGSERVICE", "other", "PATH", "/bin"));
        PgEnvironment.apply(child, DatabaseUrl.parse("jdbc:postgresql://db:5432/app"));
        assertEquals("db", child.get("PGHOST"));
        assertFalse(child.containsKey("PGSERVICE"));
        assertEquals("/bin", child.get("PATH"));
        assertEquals("10", child.get("PGCONNECT_TIMEOUT"));
        assertEquals("read-write", child.get("PGTARGETSESSIONATTRS"), "the primary, as pgshift's own sessions");
    }

    @Test
    void anAddressesOwnSessionAttributesWin() {
        Map<String, String> child = new HashMap<>();
        PgEnvironment.apply(child, DatabaseUrl.parse("postgresql://ann@db1,db2/app?target_session_attrs=any"));
        assertEquals("any", child.get("PGTARGETSESSIONATTRS"));
    }
}
