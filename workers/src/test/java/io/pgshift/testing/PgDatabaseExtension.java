package io.pgshift.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import io.pgshift.db.Connections;

/**
 * Gives each test class a fresh, empty database on the tests' PostgreSQL server, dropped
 * (with FORCE, so a killed child process cannot keep it alive) after the class.
 * Inject {@link TestDatabase} into a constructor, a lifecycle method or a test.
 */
public final class PgDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgDatabaseExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        var admin = PostgresServer.admin();
        String name = ("pgshift_t_" + context.getRequiredTestClass().getSimpleName() + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL)).toLowerCase(Locale.ROOT);
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection c = Connections.open(admin, "pgshift-test"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
        context.getStore(NS).put(TestDatabase.class, new TestDatabase(admin.withDatabase(name)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        TestDatabase db = context.getStore(NS).remove(TestDatabase.class, TestDatabase.class);
        if (db == null) {
            return;
        }
        try (Connection c = Connections.open(PostgresServer.admin(), "pgshift-test"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + db.name() + "\" WITH (FORCE)");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestDatabase db = extensionContext.getStore(NS).get(TestDatabase.class, TestDatabase.class);
        if (db == null) {
            throw new IllegalStateException("TestDatabase is only available once the class-level database exists");
        }
        return db;
    }
}
