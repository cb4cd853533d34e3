package io.pgshift.testing;

import io.pgshift.db.DatabaseUrl;

/**
 * Where the tests' PostgreSQL server is: {@code PGSHIFT_TEST_DATABASE_URL} when set, else a
 * Testcontainers container started once per JVM. With neither, tests fail (never skip) with
 * a line that says how to provide one.
 */
final class PostgresServer {
    static final String ENV = "PGSHIFT_TEST_DATABASE_URL";
    private static volatile DatabaseUrl admin;

    private PostgresServer() {
    }

    /** An address of the server's maintenance database, from which scratch databases are created. */
    static synchronized DatabaseUrl admin() {
        if (admin == null) {
            admin = locate();
        }
        return admin;
    }

    private static DatabaseUrl locate() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return DatabaseUrl.parse(fromEnv);
        }
        return ContainerServer.start();
    }

    /** Kept in its own class so that Testcontainers is only loaded when it is really needed. */
    private static final class ContainerServer {
        static DatabaseUrl start() {
            boolean docker;
            try {
                docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                docker = false;
            }
            if (!docker) {
                throw new IllegalStateException("No PostgreSQL for tests: set " + ENV
                        + "=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (a server where that user may"
                        + " CREATE DATABASE) or make Docker available for Testcontainers");
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return DatabaseUrl.parse(container.getJdbcUrl() + "&user=" + container.getUsername()
                    + "&password=" + container.getPassword());
        }
    }
}
