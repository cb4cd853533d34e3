package io.pgshift.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Quartz's own PostgreSQL DDL ({@code tables_postgres.sql} in the quartz jar), rewritten for
 * the {@code pgshift} schema: tables become {@code pgshift.qrtz_*}, and the script's DROP
 * statements and trailing COMMIT are removed (a migration must never drop state, and runs in
 * the migrator's transaction).
 *
 * <p>Migration V001 is this rewrite, committed as a file rather than produced at start, so its
 * checksum cannot change under an upgraded quartz jar; QuartzDdlTest fails when the two differ.
 */
public final class QuartzDdl {
    public static final String SCHEMA = "pgshift";
    /** Quartz's {@code tablePrefix}: every Quartz query names {@code pgshift.qrtz_<TABLE>}. */
    public static final String TABLE_PREFIX = SCHEMA + ".qrtz_";
    static final String JAR_RESOURCE = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    // Table names start a word; index names (IDX_QRTZ_...) do not and must stay unqualified.
    private static final Pattern TABLE = Pattern.compile("\\bQRTZ_");
    private static final Pattern DROP = Pattern.compile("(?im)^DROP TABLE .*$\\R?");
    private static final Pattern COMMIT = Pattern.compile("(?im)^COMMIT;\\s*$\\R?");

    private QuartzDdl() {
    }

    /** The rewrite of the DDL shipped in the quartz jar on the classpath. */
    public static String fromQuartzJar() {
        try (InputStream in = QuartzDdl.class.getClassLoader().getResourceAsStream(JAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("quartz jar without " + JAR_RESOURCE);
            }
            return rewrite(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rewrite(String ddl) {
        String noDrops = DROP.matcher(ddl).replaceAll("");
        String noCommit = COMMIT.matcher(noDrops).replaceAll("");
        return TABLE.matcher(noCommit).replaceAll(TABLE_PREFIX);
    }
}
