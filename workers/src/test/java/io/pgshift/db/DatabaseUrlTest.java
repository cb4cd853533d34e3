package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void convertsLibpqUriToJdbcKeepingPasswordOutOfTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ops:s3cr%40t@db.example:6543/shop?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/shop?sslmode=require", url.jdbcUrl());
        assertEquals("ops", url.user());
        assertEquals("s3cr@t", url.password());
        assertFalse(url.toString().contains("s3cr"));
    }

    @Test
    void keepsJdbcFormAndSwapsDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertEquals("postgres", url.database());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/demo?user=postgres", url.withDatabase("demo").jdbcUrl());
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingPassword() {
        var e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://u:pw@h/db"));
        assertFalse(e.getMessage().contains("pw@"));
    }
}
