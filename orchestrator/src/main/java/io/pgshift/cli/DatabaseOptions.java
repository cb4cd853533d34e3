package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.client.ServerOptions;
import io.pgshift.ops.TargetRef;
import io.pgshift.ops.TargetResolver;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --database-url}, falling back to {@code PGSHIFT_DATABASE_URL}, then to libpq's PG*
 * variables ({@link LibpqEnvironment}); JDBC or postgresql:// form.
 */
final class DatabaseOptions {
    static final String ENV = "PGSHIFT_DATABASE_URL";
    static final String DESCRIPTION = "target database: jdbc:postgresql://host:port/db?user=u or postgresql://user@host:port/db"
            + " (default: $" + ENV + ", else libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE,"
            + " PGTARGETSESSIONATTRS, PGCONNECT_TIMEOUT)";

    @Option(names = "--database-url", paramLabel = "URL", description = DESCRIPTION)
    String url;

    /** The command, whose {@code --target NAME=URL} (when it has the option) also names the database. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    DatabaseUrl resolve() {
        return inline().map(TargetRef::url).orElseGet(() -> resolve(url));
    }

    /** The target's name: NAME of {@code --target NAME=URL}, else its database's. */
    String name() {
        return inline().map(TargetRef::name).orElseGet(() -> resolve().database());
    }

    /**
     * The command's {@code --target} without a daemon: {@code NAME=URL}, or NAME from {@code --config};
     * refused beside {@code --database-url}, and a bare NAME without a config.
     */
    private Optional<TargetRef> inline() {
        Optional<String> target = mixin(ServerOptions.class).map(ServerOptions::localTarget);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        if (url != null) {
            throw new PgshiftException(ErrorCode.USAGE, "give either --target or --database-url, not both");
        }
        Optional<ConfigOptions> config = mixin(ConfigOptions.class).filter(c -> c.config != null);
        if (!target.get().contains("=") && config.isEmpty()) {
            throw new PgshiftException(ErrorCode.USAGE, "--target " + target.get() + " names a target of a daemon's"
                    + " config: give --server URL (or set " + ServerOptions.SERVER_ENV + ") to ask the daemon, --config FILE"
                    + " (or set " + ConfigOptions.ENV + ") to reach it from here, or --target " + target.get() + "=URL");
        }
        return Optional.of(config.map(ConfigOptions::resolver).orElse(TargetResolver.PAIRS).resolve(target.get()));
    }

    private <T> Optional<T> mixin(Class<T> type) {
        return mixee == null ? Optional.empty() : mixee.mixins().values().stream().map(CommandSpec::userObject)
                .filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Whether a database is given at all: the option, {@code --target NAME=URL}, its variable, or any PG* variable. */
    boolean given() {
        return url != null || inline().isPresent() || !blank(System.getenv(ENV))
                || LibpqEnvironment.VARIABLES.stream().anyMatch(v -> !blank(System.getenv(v)));
    }

    /** {@code url} (the option, or null), else the environment's. */
    static DatabaseUrl resolve(String url) {
        String text = url != null ? url : System.getenv(ENV);
        if (blank(text)) {
            return LibpqEnvironment.resolve(System.getenv(), System.getProperty("user.name", "postgres"))
                    .orElseThrow(() -> new PgshiftException(ErrorCode.USAGE, "no database given: pass --database-url URL,"
                            + " set " + ENV + ", or set libpq's PGHOST, PGPORT, PGUSER and PGDATABASE (PGPASSWORD, PGSSLMODE, PGTARGETSESSIONATTRS)"));
        }
        try {
            return DatabaseUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PgshiftException(ErrorCode.USAGE, e.getMessage());
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
